from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "Live screens"
    default_auto_field = "django.db.models.BigAutoField"
