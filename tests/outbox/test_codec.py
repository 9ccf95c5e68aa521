"""Events survive the trip through the task table: JSON out, the same event back."""

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from orders.domain_events import OrderPlaced, StepRecalled
from pizzeria.application import DomainEvent
from pizzeria.application.codec import EventDecodingError, decode_event, encode_event


def test_an_event_comes_back_equal_with_its_decimal_datetimes_and_id():
    placed = OrderPlaced(aggregate_id="abc", order_number=7, customer_name="Ann", fulfilment="pickup", item_count=2,
                         total_amount=Decimal("23.90"), estimated_ready_at=datetime(2026, 11, 30, 12, 5, tzinfo=timezone.utc))
    encoded = encode_event(placed)

    assert encoded["type"] == "orders.domain_events.OrderPlaced"
    assert encoded["fields"]["total_amount"] == "23.90" and encoded["fields"]["event_id"] == placed.event_id
    decoded = decode_event(encoded)
    assert decoded == placed and type(decoded.total_amount) is Decimal
    assert decoded.occurred_at == placed.occurred_at and decoded.occurred_at.tzinfo is not None


def test_every_event_has_its_own_id():
    first, second = (StepRecalled(aggregate_id="abc", undone="order ready", status_now="cooking") for _ in range(2))
    assert first.event_id != second.event_id and len(first.event_id) == 32


def test_only_domain_events_are_built_from_stored_data():
    with pytest.raises(EventDecodingError):
        decode_event({"type": "os.system", "fields": {}})
    with pytest.raises(EventDecodingError):
        decode_event({"type": "orders.domain_events.NoSuchEvent", "fields": {}})


def test_a_value_json_cannot_hold_is_refused_when_queued():
    @dataclass(frozen=True, kw_only=True)
    class Odd(DomainEvent):
        thing: object

    with pytest.raises(TypeError):
        encode_event(Odd(aggregate_id="x", thing=object()))
