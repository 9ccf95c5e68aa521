"""Many people at once, on real threads and connections (SQLite by default, PostgreSQL in CI's
scale-out run): one cook wins a ticket, one checkout makes one order, capacity holds."""

import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from pizzeria.application import Outcome
from kitchen.commands.start_cooking import StartCookingCommand
from orders.models import ACTIVE_STATUSES, Order
from pizzeria.application.mediator import get_mediator
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db(transaction=True)


def at_the_same_instant(commands):
    """Execute each command on its own thread, released together; return the results in order."""
    barrier = threading.Barrier(len(commands))
    results = [None] * len(commands)

    def run(index, command):
        try:
            barrier.wait()
            results[index] = get_mediator().execute(command)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(commands)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_cooks_start_the_same_order_and_exactly_one_wins(menu, mediator):
    User = get_user_model()
    second = User.objects.create_user("mario_cook", password="x", first_name="Mario")
    luigi = User.objects.get(username="cook")
    order_id = mediator.execute(place_order_command()).data.order_id

    results = at_the_same_instant([
        StartCookingCommand(order_id=order_id, cook_id=luigi.pk),
        StartCookingCommand(order_id=order_id, cook_id=second.pk),
    ])

    assert sorted(r.outcome for r in results) == [Outcome.CONFLICT, Outcome.OK]
    winner = Order.objects.get(public_id=order_id).cook_name
    loser = next(r for r in results if r.outcome is Outcome.CONFLICT)
    assert f"already started by {winner}" in loser.error
    assert Order.objects.get(public_id=order_id).timeline.filter(event_type="CookingStarted").count() == 1


def test_a_checkout_submitted_five_times_at_once_makes_one_order(menu):
    results = at_the_same_instant([place_order_command(idempotency_key="double-click", idempotency_scope="session:one-browser")] * 5)

    assert Order.objects.count() == 1
    assert all(r.is_success for r in results)
    assert {r.data.order_id for r in results} == {Order.objects.get().public_id}
    assert Counter(r.outcome for r in results) == Counter({Outcome.CREATED: 1, Outcome.OK: 4})


def test_concurrent_checkouts_never_push_the_kitchen_past_capacity(menu, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 3}
    results = at_the_same_instant([place_order_command(customer_name=f"Guest {i}") for i in range(8)])

    assert Counter(r.outcome for r in results) == Counter({Outcome.CREATED: 3, Outcome.UNAVAILABLE: 5})
    assert Order.objects.filter(status__in=ACTIVE_STATUSES).count() == 3
