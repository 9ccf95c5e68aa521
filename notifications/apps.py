from django.apps import AppConfig
from django.conf import settings

SMS_SENDER_PORT = "notifications.senders.SmsSender"
DEFAULT_SMS_SENDER = "notifications.senders.RecordingSmsSender"


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Customer notifications"

    def ready(self) -> None:
        # The app's default adapter for its own port, like an app's default setting: a project
        # that names an SmsSender in settings.MEDIATOR["SERVICES"] keeps its own choice.
        settings.MEDIATOR.setdefault("SERVICES", {}).setdefault(SMS_SENDER_PORT, DEFAULT_SMS_SENDER)
