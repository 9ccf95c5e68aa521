"""The order timeline's store: each order event as a row in the command's transaction, its payload
exactly what Django's JSON encoder makes of the event's fields (the store writes rows itself)."""

import dataclasses
import json
import typing
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from orders import domain_events
from orders.domain_events import OrderEvent, OrderPlaced
from orders.models import OrderTimelineEntry
from orders.timeline import OrderTimelineStore, event_payload
from tests.factories import place_order_command

SAMPLES = {str: "Mario's \"quoted\" ✓", int: 42, bool: True, Decimal: Decimal("31.50"),
           datetime: datetime(2026, 11, 30, 18, 45, 12, 345678, tzinfo=timezone.utc)}


def sample(event_class: type, **overrides):
    hints = typing.get_type_hints(event_class)
    values = {}
    for field in dataclasses.fields(event_class):
        if field.name in ("occurred_at", "event_id"):
            continue
        hint = hints[field.name]
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)] or [hint]
        values[field.name] = SAMPLES.get(options[0], "x")
    return event_class(**{**values, **overrides})


ORDER_EVENTS = [cls for cls in vars(domain_events).values()
                if isinstance(cls, type) and issubclass(cls, OrderEvent) and cls is not OrderEvent]


def reference_payload(event) -> dict:
    """What the store wrote before its fast path: a deep copy through Django's JSON encoder."""
    fields = dataclasses.asdict(event)
    del fields["aggregate_id"], fields["occurred_at"]
    return json.loads(json.dumps(fields, cls=DjangoJSONEncoder))


@pytest.mark.parametrize("event_class", ORDER_EVENTS, ids=lambda cls: cls.__name__)
def test_every_order_event_payload_is_what_the_json_encoder_makes_of_it(event_class):
    event = sample(event_class, aggregate_id="order-1")
    payload = event_payload(event)
    assert payload == reference_payload(event)
    assert json.dumps(payload, cls=DjangoJSONEncoder) == json.dumps(reference_payload(event))


def test_a_nested_payload_takes_the_deep_copy():
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Nested(OrderEvent):
        lines: tuple = ()

    event = Nested(aggregate_id="order-1", lines=({"price": Decimal("1.50")}, ("a", 2)))
    assert event_payload(event) == {"event_id": event.event_id, "lines": [{"price": "1.50"}, ["a", 2]]}


@pytest.mark.django_db
def test_the_rows_read_back_as_the_orm_would_have_written_them(menu, mediator):
    placed = mediator.execute(place_order_command()).data
    order = OrderTimelineEntry.objects.get(order__public_id=placed.order_id).order
    events = [sample(OrderPlaced, aggregate_id=order.public_id), sample(domain_events.OrderCancelled, aggregate_id=order.public_id)]
    with transaction.atomic():
        OrderTimelineStore().append(events, [order])
    rows = list(OrderTimelineEntry.objects.filter(order=order).order_by("pk"))[-2:]
    assert [(row.event_type, row.summary, row.payload, row.occurred_at) for row in rows] == [
        (event.event_type(), event.summary()[:300], reference_payload(event), event.occurred_at) for event in events]
