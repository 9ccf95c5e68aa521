"""Domain events to JSON and back, so a queued handler can receive its event from the task table.

The encoded form names the event's class by its import path and holds its fields as JSON values;
decoding reads the field types from the dataclass, so a Decimal comes back a Decimal and a
datetime an aware datetime. Only DomainEvent subclasses are ever built from stored data.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from uuid import UUID

from django.utils.module_loading import import_string

from pizzeria.application.requests import DomainEvent


class EventDecodingError(ValueError):
    pass


def event_type_path(event_type: type[DomainEvent]) -> str:
    return f"{event_type.__module__}.{event_type.__qualname__}"


def _to_json(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)  # exact: no float rounding of money
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _to_json(item) for key, item in value.items()}
    raise TypeError(f"{type(value).__name__} values cannot be put in a queued event.")


def encode_event(event: DomainEvent) -> dict:
    return {
        "type": event_type_path(type(event)),
        "fields": {field.name: _to_json(getattr(event, field.name)) for field in dataclasses.fields(event)},
    }


@cache
def _field_types(event_type: type[DomainEvent]) -> dict[str, object]:
    return typing.get_type_hints(event_type)


def _from_json(value: object, hint: object) -> object:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):  # "X | None": the first type that is not None
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        origin = typing.get_origin(hint)
    if hint is Decimal:
        return Decimal(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is UUID:
        return UUID(value)
    if origin is tuple:
        (item_hint, *_) = typing.get_args(hint) or (object,)
        return tuple(_from_json(item, item_hint) for item in value)
    return value


def decode_event(data: dict) -> DomainEvent:
    try:
        event_type = import_string(data["type"])
    except (ImportError, KeyError, TypeError) as problem:
        raise EventDecodingError(f"Unknown event type in {data!r}") from problem
    if not (isinstance(event_type, type) and issubclass(event_type, DomainEvent)):
        raise EventDecodingError(f"{data['type']} is not a domain event.")
    hints = _field_types(event_type)
    fields = data.get("fields", {})
    return event_type(**{name: _from_json(value, hints.get(name)) for name, value in fields.items()})
