"""OperationResult: what every command and query returns instead of raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Generic, TypeVar

T = TypeVar("T")

FieldErrors = dict[str, list[str]]


@dataclass(frozen=True)
class OperationResult(Generic[T]):
    """The outcome of a request: a success flag, an HTTP-like status, data or an error."""

    status: int
    data: T | None = None
    error: str = ""
    field_errors: FieldErrors = field(default_factory=dict)

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300

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
        return cls(HTTPStatus.OK, data)

    @classmethod
    def created(cls, data: T | None = None) -> OperationResult[T]:
        return cls(HTTPStatus.CREATED, data)

    # --- failure -------------------------------------------------------------------------
    @classmethod
    def bad_request(cls, error: str, field_errors: FieldErrors | None = None) -> OperationResult[T]:
        return cls(HTTPStatus.BAD_REQUEST, error=error, field_errors=field_errors or {})

    @classmethod
    def validation_error(
        cls, field_errors: FieldErrors, error: str = "Please correct the errors below."
    ) -> OperationResult[T]:
        return cls(HTTPStatus.UNPROCESSABLE_ENTITY, error=error, field_errors=field_errors)

    @classmethod
    def not_found(cls, error: str = "Not found.") -> OperationResult[T]:
        return cls(HTTPStatus.NOT_FOUND, error=error)

    @classmethod
    def forbidden(cls, error: str = "You are not allowed to do that.") -> OperationResult[T]:
        return cls(HTTPStatus.FORBIDDEN, error=error)

    @classmethod
    def conflict(cls, error: str) -> OperationResult[T]:
        return cls(HTTPStatus.CONFLICT, error=error)

    @classmethod
    def service_unavailable(cls, error: str) -> OperationResult[T]:
        return cls(HTTPStatus.SERVICE_UNAVAILABLE, error=error)

    @classmethod
    def internal_server_error(cls, error: str = "Something went wrong on our side.") -> OperationResult[T]:
        return cls(HTTPStatus.INTERNAL_SERVER_ERROR, error=error)


ok = OperationResult.ok
created = OperationResult.created
bad_request = OperationResult.bad_request
validation_error = OperationResult.validation_error
not_found = OperationResult.not_found
forbidden = OperationResult.forbidden
conflict = OperationResult.conflict
service_unavailable = OperationResult.service_unavailable
internal_server_error = OperationResult.internal_server_error
