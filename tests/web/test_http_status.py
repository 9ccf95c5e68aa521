"""HTTP statuses are chosen at the edge: every application outcome maps to exactly one."""

import pytest

from pizzeria.application import OperationResult, Outcome
from web.results import HTTP_STATUS, http_status


def test_every_outcome_has_an_http_status():
    assert set(HTTP_STATUS) == set(Outcome)


@pytest.mark.parametrize(("result", "status"), [
    (OperationResult.ok(), 200), (OperationResult.created(), 201),
    (OperationResult.bad_request("no"), 400), (OperationResult.validation_error({"f": ["bad"]}), 422),
    (OperationResult.forbidden(), 403), (OperationResult.not_found(), 404),
    (OperationResult.conflict("moved on"), 409), (OperationResult.service_unavailable("closed"), 503),
    (OperationResult.internal_server_error(), 500),
])
def test_the_edge_turns_outcomes_into_statuses(result, status):
    assert http_status(result) == status


def test_the_application_layer_knows_no_http():
    import pizzeria.application.results as results

    assert not hasattr(OperationResult.ok(), "status")
    assert "http" not in results.__dict__ and "HTTPStatus" not in results.__dict__
