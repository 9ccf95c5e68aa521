"""Idempotency records become caller-scoped JSON with an expiry.

The old rows (pickled, shared by all callers) are dropped: they are only a retry window.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("application", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="ProcessedCommand"),
        migrations.CreateModel(
            name="ProcessedCommand",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("command_type", models.CharField(max_length=120)),
                ("fingerprint", models.CharField(help_text="HMAC of the request, to refuse a reused key.", max_length=64)),
                ("result", models.JSONField()),
                ("processed_at", models.DateTimeField()),
                ("expires_at", models.DateTimeField(db_index=True)),
            ],
            options={"verbose_name": "processed command"},
        ),
    ]
