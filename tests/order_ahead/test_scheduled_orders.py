"""Order ahead through the mediator: today's slots, their capacity, the promise, and the kitchen
board that shows a scheduled order only from its lead time on."""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from kitchen.queries.get_all_day_counts import GetAllDayCountsQuery
from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from orders.commands.release_scheduled_order import ReleaseScheduledOrderCommand
from orders.models import Order
from orders.queries.get_eta import GetEtaQuery
from pizzeria.application import Outcome
from tests.factories import line, place_order_command
from tests.order_ahead.conftest import NOW, SEVEN

pytestmark = pytest.mark.django_db



def schedule(mediator, at, **overrides):
    return mediator.execute(place_order_command(scheduled_for=at, **overrides))


def board_numbers(mediator):
    board = mediator.execute(GetKitchenQueueQuery()).data
    return [t.number for column in board.columns for t in column.tickets], board.counts


def test_slots_run_every_n_minutes_from_the_asap_time_to_closing(menu, mediator, clock):
    quote = mediator.execute(GetEtaQuery()).data
    assert quote.estimate.ready_at == NOW + timedelta(minutes=12)  # 5:14 PM
    assert [s.label for s in quote.slots[:3]] == ["5:15 PM", "5:30 PM", "5:45 PM"]
    assert quote.slots[-1].label == "10:45 PM" and all(s.capacity == 2 and s.taken == 0 for s in quote.slots)


def test_a_scheduled_order_is_promised_its_slot(menu, mediator, clock):
    placed = schedule(mediator, SEVEN)
    assert placed.outcome is Outcome.CREATED
    order = Order.objects.get(public_id=placed.data.order_id)
    assert order.scheduled_for == order.promised_at == order.estimated_ready_at == SEVEN
    assert placed.data.scheduled_for == SEVEN


@pytest.mark.parametrize(("at", "message"), [
    (NOW - timedelta(minutes=2), "That time has passed"),
    (NOW.replace(hour=17, minute=0) + timedelta(days=1), "today only"),
    (NOW.replace(hour=23, minute=15), "closed at that time"),
    (NOW.replace(hour=17, minute=7), "can't be ready that early"),
    (NOW.replace(hour=19, minute=5), "every 15 minutes"),
])
def test_a_time_that_is_not_an_offered_slot_is_refused_by_name(menu, mediator, clock, at, message):
    result = schedule(mediator, at)
    assert result.outcome is Outcome.INVALID and message in result.field_errors["scheduled_for"][0]
    assert Order.objects.count() == 0


def test_a_naive_time_is_refused(menu, mediator, clock):
    result = schedule(mediator, SEVEN.replace(tzinfo=None))
    assert result.outcome is Outcome.INVALID and "scheduled_for" in result.field_errors


def test_a_full_slot_is_shown_full_and_refused_with_a_clear_message(menu, mediator, clock):
    assert schedule(mediator, SEVEN).is_success and schedule(mediator, SEVEN).is_success
    seven = mediator.execute(GetEtaQuery()).data.slot(SEVEN.isoformat())
    assert seven.is_full and seven.taken == 2

    refused = schedule(mediator, SEVEN)
    assert refused.outcome is Outcome.CONFLICT
    assert refused.field_errors["scheduled_for"] == ["The 7:00 PM slot is full: please choose another time (or as soon as possible)."]
    assert Order.objects.count() == 2
    assert schedule(mediator, SEVEN + timedelta(minutes=15)).is_success  # the next one has room


def test_a_cancelled_order_frees_its_place_in_the_slot(menu, mediator, clock):
    first = schedule(mediator, SEVEN).data
    schedule(mediator, SEVEN)
    Order.objects.filter(public_id=first.order_id).update(status="cancelled")
    assert schedule(mediator, SEVEN).is_success


def test_a_slot_earlier_than_a_big_carts_asap_time_is_refused(menu, mediator, clock):
    # Ten pizzas: ⌈9 × 12 ÷ 4⌉ = 27 min of oven + 12 = 39 min → 5:41 PM at the earliest.
    result = schedule(mediator, NOW.replace(hour=17, minute=30), lines=(line("margherita", quantity=10),))
    assert result.outcome is Outcome.INVALID and "5:41 PM" in result.error
    assert schedule(mediator, NOW.replace(hour=17, minute=45), lines=(line("margherita", quantity=10),)).is_success


def test_closed_now_but_a_slot_later_today_is_taken(menu, mediator, clock):
    clock.moment = NOW.replace(hour=9, minute=30)
    assert mediator.execute(place_order_command()).outcome is Outcome.UNAVAILABLE  # ASAP: closed
    assert schedule(mediator, NOW.replace(hour=11, minute=30)).outcome is Outcome.CREATED


def test_the_board_shows_a_scheduled_order_from_its_lead_time_and_counts_it_ahead_until_then(menu, mediator, clock):
    asap = mediator.execute(place_order_command()).data
    ahead = schedule(mediator, SEVEN).data

    numbers, counts = board_numbers(mediator)
    assert numbers == [asap.number] and counts.new == 1 and counts.ahead == 1
    assert mediator.execute(GetEtaQuery()).data.estimate.ready_in_minutes == 3 + 12  # only the ASAP pizza queues

    clock.moment = SEVEN - timedelta(minutes=30)  # 6:30 PM: the lead time has come
    numbers, counts = board_numbers(mediator)
    assert numbers == [asap.number, ahead.number] and counts.new == 2 and counts.ahead == 0


def test_all_day_counts_a_scheduled_order_only_from_its_lead_time(menu, mediator, clock):
    mediator.execute(place_order_command(lines=(line("margherita", "large", ["extra_cheese"]),)))
    schedule(mediator, SEVEN, lines=(line("diavola", "small", ["jalapenos"], quantity=2),))

    def all_day():
        data = mediator.execute(GetAllDayCountsQuery()).data
        return {row.label: row.count for row in (*data.items, *data.toppings)}

    assert all_day() == {"Margherita · Large": 1, "Extra cheese": 1}
    clock.moment = SEVEN - timedelta(minutes=30)  # released: on the board, and in the counts
    assert all_day() == {"Margherita · Large": 1, "Extra cheese": 1, "Diavola · Small": 2, "Jalapeños": 2}


def test_scheduled_orders_do_not_hold_kitchen_capacity_before_their_release(menu, mediator, clock, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 1}
    assert schedule(mediator, SEVEN).is_success
    assert mediator.execute(place_order_command()).outcome is Outcome.CREATED  # the 7 PM order holds no place
    assert mediator.execute(place_order_command()).outcome is Outcome.UNAVAILABLE


def test_the_release_command_raises_the_event_once_and_not_early(menu, mediator, clock):
    ahead = schedule(mediator, SEVEN).data
    early = mediator.execute(ReleaseScheduledOrderCommand(order_id=ahead.order_id))
    assert early.outcome is Outcome.CONFLICT and "not yet" in early.error

    clock.moment = SEVEN - timedelta(minutes=30)
    assert mediator.execute(ReleaseScheduledOrderCommand(order_id=ahead.order_id)).data.released
    again = mediator.execute(ReleaseScheduledOrderCommand(order_id=ahead.order_id)).data
    assert not again.released and again.reason == "already released"
    order = Order.objects.get(public_id=ahead.order_id)
    assert list(order.timeline.values_list("event_type", flat=True)) == ["OrderPlaced", "OrderReleasedToKitchen"]


def test_a_cancelled_order_is_not_released(menu, mediator, clock):
    ahead = schedule(mediator, SEVEN).data
    Order.objects.filter(public_id=ahead.order_id).update(status="cancelled")
    clock.moment = SEVEN
    outcome = mediator.execute(ReleaseScheduledOrderCommand(order_id=ahead.order_id)).data
    assert not outcome.released and outcome.reason == "cancelled"


def test_placing_queues_the_release_task_for_the_lead_time_in_the_orders_transaction(menu, mediator, clock, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ahead = schedule(mediator, SEVEN).data
    schedule(mediator, NOW.replace(hour=17, minute=30))  # already within its lead time: on the board at once, no task

    tasks = DBTaskResult.objects.filter(task_path="orders.tasks.release_scheduled_order")
    assert [(t.args_kwargs["kwargs"]["order_id"], t.run_after) for t in tasks] == [
        (ahead.order_id, SEVEN - timedelta(minutes=30))]

    # An order that fails after pricing (a declined card) leaves no task behind.
    declined = schedule(mediator, SEVEN + timedelta(minutes=15), payment_method="card", card_number="4000000000000002")
    assert declined.outcome is Outcome.REJECTED and tasks.count() == 1
