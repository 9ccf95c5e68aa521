"""The order timeline: every order event, written in the transaction of the command that raised it."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections

from orders.domain_events import OrderEvent
from orders.models import Order, OrderTimelineEntry
from pizzeria.application import DomainEvent
from pizzeria.application.events import EventStore


_JSON = DjangoJSONEncoder()
_PLAIN = (str, int, float, bool, type(None))
_NOT_IN_PAYLOAD = ("aggregate_id", "occurred_at")


def event_payload(event: DomainEvent) -> dict:
    """The event's fields as JSON-safe values (Decimal and datetime become strings, as Django's
    JSON encoder writes them). A flat event, the usual kind, needs no deep copy or JSON round trip."""
    fields = {name: getattr(event, name) for name in _payload_names(type(event))}
    if all(_is_flat(value) for value in fields.values()):
        return {name: value if isinstance(value, _PLAIN) else _JSON.default(value) for name, value in fields.items()}
    nested = dataclasses.asdict(event)
    for name in _NOT_IN_PAYLOAD:
        nested.pop(name)
    return json.loads(json.dumps(nested, cls=DjangoJSONEncoder))


@functools.cache
def _payload_names(event_type: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(event_type) if field.name not in _NOT_IN_PAYLOAD)


def _is_flat(value) -> bool:
    return isinstance(value, _PLAIN) or not (isinstance(value, (list, tuple, dict, set, frozenset))
                                             or dataclasses.is_dataclass(value))


class OrderTimelineStore(EventStore):
    """Writes the entries with one INSERT of its own: through ``bulk_create`` the ORM's work for
    one or two rows was ~200 µs, most of the mediator's own cost on a command (``make bench``'s
    "mediator / direct handler"). The payload and the time are prepared by their model fields, as
    the ORM would (JSON and datetimes differ by database); the key and the texts go as they are."""

    _table = OrderTimelineEntry._meta.db_table
    _columns = ("order_id", "event_type", "summary", "payload", "occurred_at")

    @classmethod
    @functools.cache
    def _prepared_fields(cls) -> tuple:
        """The model fields whose values need preparing for the database, looked up once."""
        return OrderTimelineEntry._meta.get_field("payload"), OrderTimelineEntry._meta.get_field("occurred_at")

    @classmethod
    @functools.cache
    def _insert_sql(cls) -> str:
        quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
        return (f"INSERT INTO {quote(cls._table)} ({', '.join(quote(c) for c in cls._columns)}) "
                f"VALUES ({', '.join(['%s'] * len(cls._columns))})")

    def append(self, events: Sequence[DomainEvent], aggregates: Sequence[object] = ()) -> None:
        order_events = [event for event in events if isinstance(event, OrderEvent)]
        if not order_events:
            return
        order_ids = {a.public_id: a.pk for a in aggregates if isinstance(a, Order) and a.pk}
        missing = {e.aggregate_id for e in order_events} - order_ids.keys()
        if missing:
            order_ids.update(Order.objects.filter(public_id__in=missing).values_list("public_id", "pk"))
        db = connections[DEFAULT_DB_ALIAS]  # once: each use of django.db.connection is a lookup
        payload, occurred_at = self._prepared_fields()
        rows = [
            (order_ids[event.aggregate_id], event.event_type(), event.summary()[:300],
             payload.get_db_prep_save(event_payload(event), db), occurred_at.get_db_prep_save(event.occurred_at, db))
            for event in order_events
        ]
        sql = self._insert_sql()
        with db.cursor() as cursor:
            if len(rows) == 1:
                cursor.execute(sql, rows[0])
            else:
                cursor.executemany(sql, rows)
