from django.apps import AppConfig


class ApplicationConfig(AppConfig):
    name = "pizzeria.application"
    label = "application"
    verbose_name = "Mediator"

    def ready(self) -> None:
        from pizzeria.application import checks  # noqa: F401  (registers the system check)
        from pizzeria.application import outbox

        outbox.connect_signals()  # failed tasks are rescheduled with backoff
