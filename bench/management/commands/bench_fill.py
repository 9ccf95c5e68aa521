"""Fill the (scratch) database with N active orders of max-size texts (see bench.fill)."""

from django.core.management.base import BaseCommand

from bench.fill import fill_active_orders, require_scratch_database


class Command(BaseCommand):
    help = "Replace every order with N active orders (benchmarks only: it deletes orders)."

    def add_arguments(self, parser):
        parser.add_argument("active", type=int)

    def handle(self, *args, active: int, **options):
        require_scratch_database()
        fill_active_orders(active)
