"""Every order has a promise (0006 filled it in); a separate migration, so PostgreSQL alters the
table in a transaction of its own, after the rows were updated."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0006_order_promise"),
    ]

    operations = [
        migrations.AlterField(model_name="order", name="promised_at", field=models.DateTimeField()),
    ]
