"""Content-Security-Policy: every page (errors included) carries a strict policy, and no page needs
an exception to it: no inline script, no style="" attribute, no injected <style>."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from orders.access import link_token
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def staff_client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_menu_carries_a_strict_policy(client, menu):
    response = client.get("/")
    assert response.status_code == 200
    assert policy(response) == {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
        "img-src": ["'self'", "data:"], "connect-src": ["'self'"], "form-action": ["'self'"],
        "frame-ancestors": ["'none'"], "base-uri": ["'self'"], "object-src": ["'none'"],
    }


def test_error_pages_and_api_answers_carry_it_too(client):
    for response in (client.get("/no-such-page/"), client.get("/api/no-such-endpoint"), client.get("/api/menu")):
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert policy(response)["script-src"] == ["'self'"]


def test_htmx_is_told_not_to_inject_styles_or_eval(client, menu):
    html = client.get("/").content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', html).group(1)
    assert '"includeIndicatorStyles": false' in config and '"allowEval": false' in config


@pytest.fixture
def busy_shop(menu, mediator):
    """An order in the kitchen and a day of sales, so the bars and meters have something to draw;
    returns the order's page (with its access token, as in the email)."""
    order = mediator.execute(place_order_command(lines=(line(quantity=2, special_instructions="well done"),))).data
    return f"/orders/{order.order_id}/?access={link_token(order.order_id)}"


@pytest.mark.parametrize(("username", "path"), [
    (None, "/"),
    (None, "/cart/"),
    (None, "/accounts/login/"),
    ("cook", "/kitchen/"),
    ("driver", "/delivery/"),
    ("manager", "/reports/"),
    ("customer", "/accounts/profile/"),
    (None, "order page"),
])
def test_no_page_needs_inline_script_or_style(busy_shop, client, username, path):
    page_client = staff_client(username) if username else client
    response = page_client.get(busy_shop if path == "order page" else path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert not re.search(r"\sstyle\s*=", html), "an inline style attribute is blocked by style-src 'self'"
    assert "<style" not in html
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, script
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler is blocked by script-src 'self'"


def test_bars_take_their_width_from_data_pct(busy_shop):
    kitchen = staff_client("cook").get("/kitchen/").content.decode()
    assert re.search(r'<span class="capacity-meter" aria-hidden="true"><span data-pct="\d+"></span></span>', kitchen)
    report = staff_client("manager").get("/reports/").content.decode()
    assert re.search(r'<span class="hour-bar" data-pct="\d+"></span>', report)
    assert re.search(r'<span class="seller-bar" aria-hidden="true"><span data-pct="100"></span></span>', report)
    assert "js/bars.js" in report
