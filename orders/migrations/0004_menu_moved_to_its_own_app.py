"""The menu's models now live in the menu app (same tables): Django's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('menu', '0001_initial'),
        ('orders', '0003_cart_version'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='menuitem',
                name='allowed_toppings',
            ),
            migrations.AlterField(
                model_name='orderline',
                name='menu_item',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='menu.menuitem'),
            ),
            migrations.AlterField(
                model_name='cartline',
                name='menu_item',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='menu.menuitem'),
            ),
            migrations.DeleteModel(
                name='Topping',
            ),
            migrations.DeleteModel(
                name='MenuItem',
            ),
        ]),
    ]
