"""Orders keep their promise apart from the current estimate (then 0007 makes it required)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0005_online_ordering'),
    ]

    operations = [
        # Orders placed before the promise was kept apart: their current estimate is the best record.
        migrations.AddField(
            model_name='order',
            name='promised_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: apps.get_model("orders", "Order").objects.update(
                promised_at=models.F("estimated_ready_at")),
            migrations.RunPython.noop,
        ),
    ]
