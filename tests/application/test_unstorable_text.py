"""The validation behavior's check for text no database can store, field by field."""

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

from pizzeria.application.behaviors import UNSTORABLE_TEXT, unstorable_text_fields


@dataclass(frozen=True)
class Line:
    item: str
    toppings: tuple[str, ...] = ()
    quantity: int = 1


@dataclass(frozen=True)
class Request:
    name: str
    notes: str | None = None
    total: Decimal = Decimal("0")
    at: datetime = datetime(2026, 11, 30, tzinfo=timezone.utc)
    paid: bool = False
    lines: tuple[Line, ...] = ()
    extra: dict | None = None


def test_clean_text_in_any_script_passes():
    request = Request(name="Zoë Ωmega 🍕", notes="ünïcode", lines=(Line("margherita", ("basil", "olive")),),
                      extra={"a": "b"})
    assert unstorable_text_fields(request) == {}


def test_every_unstorable_text_is_named_by_its_field_however_deep():
    request = Request(name="nul\x00", notes="lone \ud800 surrogate",
                      lines=(Line("margherita"), Line("pepperoni", ("ok", "bad\x00"))), extra={"k": "\udfff"})
    assert unstorable_text_fields(request) == {
        "name": [UNSTORABLE_TEXT], "notes": [UNSTORABLE_TEXT],
        "lines.1.toppings": [UNSTORABLE_TEXT], "extra": [UNSTORABLE_TEXT],
    }


def test_a_bare_string_is_reported_as_the_request():
    assert unstorable_text_fields("a\x00b") == {"request": [UNSTORABLE_TEXT]}
    assert unstorable_text_fields("fine") == {}
