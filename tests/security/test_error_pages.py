"""Branded error pages: the shop's look, nothing technical, and 500 rendered with no context at all."""

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import get_template, render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db

BRAND = "Mario's <em>Pizzeria</em>"


def assert_branded(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert BRAND in html and "/static/css/pizzeria.css" in html and heading in html
    assert f'<p class="error-code" aria-hidden="true">{status}</p>' in html
    return html


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.security.urls"
    return Client(raise_request_exception=False)


def test_an_unknown_page_is_the_branded_404_without_the_url_list(client):
    html = assert_branded(client.get("/no-such-page/"), 404, "That page isn't on our menu")
    for leak in ("URLconf", "pizzeria.urls", "admin/", "kitchen/", "api/", "Page not found at", "DEBUG = True"):
        assert leak not in html


def test_an_unknown_page_under_the_api_stays_json(client):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_a_crashing_view_shows_the_branded_500(failing_site):
    html = assert_branded(failing_site.get("/test-errors/500/"), 500, "Something went wrong in our kitchen")
    assert "boom" not in html and "Traceback" not in html and "RuntimeError" not in html


def test_the_500_page_renders_with_an_empty_context():
    # Exactly what django.views.defaults.server_error does: no request, no context processors.
    html = get_template("500.html").render()
    assert BRAND in html and 'href="/orders/"' in html


def test_a_forbidden_page_is_the_branded_403(failing_site):
    assert_branded(failing_site.get("/test-errors/403/"), 403, "This page isn't open to you")


def test_a_staff_screen_refuses_a_customer_with_the_branded_403(client, menu):
    client.force_login(get_user_model().objects.get(username="customer"))
    response = client.get("/kitchen/")
    assert response.status_code == 403
    assert BRAND in response.content.decode()


def test_a_stale_form_is_the_branded_csrf_page_not_djangos_technical_one(menu):
    browser = Client(enforce_csrf_checks=True)
    html = assert_branded(browser.post("/accounts/login/", {"username": "cook", "password": "cook-demo"}),
                          403, "That form had gone stale")
    assert "CSRF verification failed" not in html and "<style" not in html


def test_a_bad_request_is_the_branded_400(failing_site):
    assert_branded(failing_site.get("/test-errors/400/"), 400, "We couldn't read that request")


def test_the_429_page_says_why_and_when_to_come_back():
    generic = render_to_string("429.html")
    assert BRAND in generic and "Please wait a moment and try again." in generic

    seconds = render_to_string("429.html", {"message": "Too many orders from this phone.", "retry_after_seconds": 42})
    assert "Too many orders from this phone." in seconds and "try again in 42 seconds" in seconds

    minutes = render_to_string("429.html", {"retry_after_seconds": 900})
    assert "try again in about 15 minutes" in minutes


def test_the_429_page_escapes_its_message():
    html = render_to_string("429.html", {"message": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
