from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "Live screens"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from live import broadcast

        # Frames committed during a request leave once its response is out (the POST never waits).
        request_started.connect(broadcast.request_started, dispatch_uid="live.broadcast.request_started")
        request_finished.connect(broadcast.request_finished, dispatch_uid="live.broadcast.request_finished")
