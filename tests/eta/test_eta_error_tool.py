"""bench/eta_error.py's simulation runs the real commands end to end and measures every order."""

import math

import pytest

from bench.eta_error import percentile, run, summary
from orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db


def test_every_order_is_placed_cooked_and_handed_over_and_its_error_measured(db):
    result = run(orders=12, gap=5, seed=3, bake_jitter=0.2, drive_jitter=0.3)

    assert result["placed"] == 12 and result["refused"] == 0
    assert set(Order.objects.values_list("status", flat=True)) <= {OrderStatus.DELIVERED, OrderStatus.PICKED_UP}
    deliveries = Order.objects.filter(fulfilment="delivery").count()
    assert len(result["ready"]) == 12 and len(result["delivered"]) == deliveries
    assert all(math.isfinite(error) and abs(error) < 120 for error in result["ready"] + result["delivered"])
    assert "n=12" in summary("ready error", result["ready"])


def test_percentile_and_summary_of_known_values():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, .5) == 5.0 and percentile(values, .9) == 9.0  # nearest rank
    assert summary("x", [-1.0, 2.0]).split()[1:4] == ["n=2", "mean", "+0.5"]
