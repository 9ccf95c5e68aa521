"""The order timeline: every order event, written in the transaction of the command that raised it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from django.core.serializers.json import DjangoJSONEncoder

from orders.domain_events import OrderEvent
from orders.models import Order, OrderTimelineEntry
from pizzeria.application import DomainEvent
from pizzeria.application.events import EventStore


def event_payload(event: DomainEvent) -> dict:
    """The event's fields as JSON-safe values (Decimal and datetime become strings)."""
    fields = asdict(event)
    fields.pop("aggregate_id")
    fields.pop("occurred_at")
    return json.loads(json.dumps(fields, cls=DjangoJSONEncoder))


class OrderTimelineStore(EventStore):
    def append(self, events: Sequence[DomainEvent], aggregates: Sequence[object] = ()) -> None:
        order_events = [event for event in events if isinstance(event, OrderEvent)]
        if not order_events:
            return
        order_ids = {a.public_id: a.pk for a in aggregates if isinstance(a, Order) and a.pk}
        missing = {e.aggregate_id for e in order_events} - order_ids.keys()
        if missing:
            order_ids.update(Order.objects.filter(public_id__in=missing).values_list("public_id", "pk"))
        OrderTimelineEntry.objects.bulk_create(
            OrderTimelineEntry(
                order_id=order_ids[event.aggregate_id],
                event_type=event.event_type(),
                summary=event.summary()[:300],
                payload=event_payload(event),
                occurred_at=event.occurred_at,
            )
            for event in order_events
        )
