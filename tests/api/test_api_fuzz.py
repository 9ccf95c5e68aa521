"""Schema-driven fuzzing: schemathesis generates requests from /api/openapi.json, valid and not.

Whatever it sends, the API answers with a documented status and never a 5xx.
"""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from api.models import ApiToken
from schemathesis.checks import ignored_auth, positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def manager_token(menu):
    """The demo manager is also in Kitchen and Delivery: the one token every staff endpoint accepts."""
    return ApiToken.objects.get_or_create(user=get_user_model().objects.get(username="manager"))[0].key


@pytest.mark.django_db(transaction=True)  # the WSGI handler closes connections after each request
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_with_a_server_error(case, manager_token):
    # Identity: this in-process WSGI transport does not un-gzip, as an HTTP client would.
    response = case.call(headers={"Authorization": f"Bearer {manager_token}", "Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text
    try:
        body = response.json()  # always JSON, errors included
    except ValueError:
        raise AssertionError(f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}")
    if response.status_code >= 400:
        assert isinstance(body.get("error"), str) and body["error"]
    # Business rules legitimately refuse some schema-valid data (a made-up pizza id, a short phone),
    # and this test always sends a valid token: those two checks don't apply here.
    case.validate_response(response, excluded_checks=[positive_data_acceptance, ignored_auth])
