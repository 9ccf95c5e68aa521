"""OperationResult: what every command and query returns instead of raising.

It says what happened in the application's own words (an ``Outcome``); the web edges (views, the
API) choose the HTTP status for it (``web.results.http_status``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")

FieldErrors = dict[str, list[str]]


class Outcome(StrEnum):
    OK = "ok"
    CREATED = "created"
    REJECTED = "rejected"          # the request cannot be acted on as sent
    INVALID = "invalid"            # named fields break the rules (field_errors says which)
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"          # the state moved on (another cook, a changed cart, a reused key)
    UNAVAILABLE = "unavailable"    # not now (closed, full, a provider down): try again later
    FAILED = "failed"              # our fault


SUCCESSES = frozenset({Outcome.OK, Outcome.CREATED})


@dataclass(frozen=True)
class OperationResult(Generic[T]):
    """The outcome of a request: what happened, data or an error."""

    outcome: Outcome
    data: T | None = None
    error: str = ""
    field_errors: FieldErrors = field(default_factory=dict)
    retry_after: int | None = None  # seconds after which trying again may succeed (UNAVAILABLE)

    @property
    def is_success(self) -> bool:
        return self.outcome in SUCCESSES

    def __bool__(self) -> bool:  # lets callers write ``if result:``
        return self.is_success

    @property
    def first_error(self) -> str:
        """The most specific message: the first field error, else the general one."""
        for messages in self.field_errors.values():
            if messages:
                return messages[0]
        return self.error

    # --- success -------------------------------------------------------------------------
    @classmethod
    def ok(cls, data: T | None = None) -> OperationResult[T]:
        return cls(Outcome.OK, data)

    @classmethod
    def created(cls, data: T | None = None) -> OperationResult[T]:
        return cls(Outcome.CREATED, data)

    # --- failure -------------------------------------------------------------------------
    @classmethod
    def bad_request(cls, error: str, field_errors: FieldErrors | None = None) -> OperationResult[T]:
        return cls(Outcome.REJECTED, error=error, field_errors=field_errors or {})

    @classmethod
    def validation_error(
        cls, field_errors: FieldErrors, error: str = "Please correct the errors below."
    ) -> OperationResult[T]:
        return cls(Outcome.INVALID, error=error, field_errors=field_errors)

    @classmethod
    def not_found(cls, error: str = "Not found.") -> OperationResult[T]:
        return cls(Outcome.NOT_FOUND, error=error)

    @classmethod
    def forbidden(cls, error: str = "You are not allowed to do that.") -> OperationResult[T]:
        return cls(Outcome.FORBIDDEN, error=error)

    @classmethod
    def conflict(cls, error: str) -> OperationResult[T]:
        return cls(Outcome.CONFLICT, error=error)

    @classmethod
    def service_unavailable(cls, error: str, *, retry_after: int | None = None) -> OperationResult[T]:
        return cls(Outcome.UNAVAILABLE, error=error, retry_after=retry_after)

    @classmethod
    def internal_server_error(cls, error: str = "Something went wrong on our side.") -> OperationResult[T]:
        return cls(Outcome.FAILED, error=error)


ok = OperationResult.ok
created = OperationResult.created
bad_request = OperationResult.bad_request
validation_error = OperationResult.validation_error
not_found = OperationResult.not_found
forbidden = OperationResult.forbidden
conflict = OperationResult.conflict
service_unavailable = OperationResult.service_unavailable
internal_server_error = OperationResult.internal_server_error
