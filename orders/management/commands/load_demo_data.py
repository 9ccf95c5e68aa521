from django.core.management.base import BaseCommand

from orders.demo_data import DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = "Load the demo menu and demo accounts (only what is missing; safe to run again)."

    def handle(self, *args, **options):
        created = load_demo_data()
        summary = ", ".join(f"{count} {what}" for what, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (created {summary})."))
        self.stdout.write("Demo logins (username / password — role):")
        for username, password, _, groups, is_staff in DEMO_USERS:
            role = ", ".join(groups) or "customer"
            self.stdout.write(f"  {username:9} / {password:14} — {role}{' (admin access)' if is_staff else ''}")
