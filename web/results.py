"""The one place an application outcome becomes an HTTP status (pages and the JSON API alike)."""

from __future__ import annotations

from http import HTTPStatus

from pizzeria.application.results import OperationResult, Outcome

HTTP_STATUS: dict[Outcome, HTTPStatus] = {
    Outcome.OK: HTTPStatus.OK,
    Outcome.CREATED: HTTPStatus.CREATED,
    Outcome.REJECTED: HTTPStatus.BAD_REQUEST,
    Outcome.INVALID: HTTPStatus.UNPROCESSABLE_ENTITY,
    Outcome.NOT_FOUND: HTTPStatus.NOT_FOUND,
    Outcome.FORBIDDEN: HTTPStatus.FORBIDDEN,
    Outcome.CONFLICT: HTTPStatus.CONFLICT,
    Outcome.UNAVAILABLE: HTTPStatus.SERVICE_UNAVAILABLE,
    Outcome.FAILED: HTTPStatus.INTERNAL_SERVER_ERROR,
}


def http_status(result: OperationResult) -> int:
    return int(HTTP_STATUS[result.outcome])
