from django.apps import AppConfig


class PizzeriaConfig(AppConfig):
    """The project package itself, installed only for its system checks (no models, no views)."""

    name = "pizzeria"
    label = "pizzeria"
    verbose_name = "Mario's Pizzeria"

    def ready(self) -> None:
        from pizzeria import checks  # noqa: F401  (registers the deployment checks)
