"""The menu moved out of the orders app. Its tables keep their names, so this migration changes
Django's state only; the content types move too, so managers keep their menu permissions."""

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


MOVED_MODELS = ("topping", "menuitem")


def move_content_types(from_label: str, to_label: str):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        for model in MOVED_MODELS:
            if content_types.objects.filter(app_label=from_label, model=model).exists():
                content_types.objects.filter(app_label=to_label, model=model).delete()
                content_types.objects.filter(app_label=from_label, model=model).update(app_label=to_label)
    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("orders", "0003_cart_version"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Topping',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('slug', models.SlugField(help_text='Public id used by forms and the API, e.g. extra_cheese.', unique=True)),
                    ('name', models.CharField(max_length=60)),
                    ('price', models.DecimalField(decimal_places=2, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))])),
                    ('is_available', models.BooleanField(default=True)),
                ],
                options={
                    'db_table': 'orders_topping',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='MenuItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('slug', models.SlugField(help_text='Public id used by forms and the API, e.g. margherita.', unique=True)),
                    ('name', models.CharField(max_length=80)),
                    ('category', models.CharField(choices=[('pizza', 'Pizzas'), ('appetizer', 'Appetizers'), ('salad', 'Salads'), ('drink', 'Drinks'), ('dessert', 'Desserts')], default='pizza', max_length=20)),
                    ('description', models.TextField(blank=True)),
                    ('base_price', models.DecimalField(decimal_places=2, help_text='Price of a medium; small is 0.8x and large 1.3x.', max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))])),
                    ('preparation_minutes', models.PositiveSmallIntegerField(default=12, validators=[django.core.validators.MinValueValidator(1)])),
                    ('is_seasonal', models.BooleanField(default=False, verbose_name='seasonal')),
                    ('is_available', models.BooleanField(default=True, verbose_name='available')),
                    ('position', models.PositiveSmallIntegerField(default=0, help_text='Order within its category.')),
                    ('allowed_toppings', models.ManyToManyField(blank=True, db_table='orders_menuitem_allowed_toppings', related_name='menu_items', to='menu.topping')),
                ],
                options={
                    'db_table': 'orders_menuitem',
                    'ordering': ['category', 'position', 'name'],
                },
            ),
        ]),
        migrations.RunPython(move_content_types("orders", "menu"), move_content_types("menu", "orders")),
    ]
