"""Field rules shared by commands (no database needed): used in their ``validate()``."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from phonenumber_field.phonenumber import to_python


def normalise_phone(raw: str) -> str | None:
    """E.164 form of a valid phone number (default region from settings), else None."""
    text, region = (raw or "").strip(), settings.PHONENUMBER_DEFAULT_REGION
    if len(text) > _CACHED_PHONE_LENGTH:
        return _parse_phone(text, region)
    return _parse_phone_cached(text, region)


def _parse_phone(text: str, region: str) -> str | None:
    number = to_python(text, region=region)
    if number is None or not getattr(number, "is_valid", lambda: False)():
        return None
    return number.as_e164


# Parsing costs ~40 µs and a command parses the same number twice (its validation, then its
# handler): recent numbers are remembered, short ones only so the cache stays small.
_CACHED_PHONE_LENGTH = 64
_parse_phone_cached = functools.lru_cache(maxsize=1024)(_parse_phone)


def phone_errors(raw: str) -> list[str]:
    if not (raw or "").strip():
        return ["Please enter a phone number so we can reach you about your order."]
    if normalise_phone(raw) is None:
        return ["That doesn't look like a valid phone number, e.g. (202) 555-0142 or +44 20 7946 0958."]
    return []


MAX_EMAIL = 254  # RFC 5321's limit on a forward path
_EMAIL_INVALID = "Please enter a valid email address like name@example.com, or leave it empty."


def email_errors(raw: str) -> list[str]:
    """An address we can really mail: Django's syntax check, plus no quoted local parts, IP
    literals or dotless hosts (valid in the RFCs, but typos or tricks in a pizza order)."""
    if not raw:
        return []
    if not isinstance(raw, str):
        return ["Email must be text."]
    if len(raw) > MAX_EMAIL:
        return [f"An email address can be at most {MAX_EMAIL} characters (it has {len(raw)})."]
    try:
        validate_email(raw)
    except ValidationError:
        return [_EMAIL_INVALID]
    local, _, domain = raw.rpartition("@")
    labels = domain.split(".")
    if (local.startswith('"') or domain.startswith("[") or len(labels) < 2
            or not labels[-1].isascii() or not labels[-1].isalpha() or not raw.isprintable()):
        return [_EMAIL_INVALID]
    return []


def text_errors(value: str, *, label: str, max_length: int, required: bool = False) -> list[str]:
    if not isinstance(value, str):
        return [f"{label} must be text."]
    if required and not value.strip():
        return [f"Please enter {label.lower()}."]
    if len(value) > max_length:
        return [f"{label} can be at most {max_length} characters (it has {len(value)})."]
    return []
