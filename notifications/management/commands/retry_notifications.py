"""``manage.py retry_notifications``: resend due failed notifications (run it every minute, e.g. from cron)."""

from django.core.management.base import BaseCommand, CommandError

from notifications.commands.retry_failed_notifications import RetryFailedNotificationsCommand
from pizzeria.application.mediator import get_mediator


class Command(BaseCommand):
    help = "Resend failed customer notifications whose next attempt is due."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="at most this many per run (default 100)")

    def handle(self, *args, limit: int, **options):
        result = get_mediator().execute(RetryFailedNotificationsCommand(limit=limit))
        if not result:
            raise CommandError(result.first_error)
        retried = result.data
        self.stdout.write(f"Retried {retried.attempted} notification(s): {retried.sent} sent, {retried.failed} failed.")
