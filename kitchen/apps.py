from django.apps import AppConfig


class KitchenConfig(AppConfig):
    name = "kitchen"
    verbose_name = "Kitchen and delivery"
