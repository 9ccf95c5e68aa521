"""What a phone downloads: pages and JSON leave gzipped for a browser that accepts it, and
collectstatic leaves a gzipped copy of each script and stylesheet for the static server to send."""

import gzip
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ORDER = {"customer_name": "Gina", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
         "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": [], "quantity": 1}]}


def test_the_menu_page_is_gzipped_for_a_browser_that_accepts_it(client, menu):
    plain = client.get("/")
    packed = client.get("/", headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain  # a client that did not ask gets plain HTML
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert 'id="eta-banner"' in page and "Margherita" in page
    assert len(packed.content) < len(plain.content) / 4


def test_api_json_is_gzipped_too_and_reads_the_same(client, menu):
    response = client.post("/api/orders", ORDER, content_type="application/json",
                           headers={"accept-encoding": "gzip"})
    assert response.status_code == 201 and response["Content-Encoding"] == "gzip"
    order = json.loads(gzip.decompress(response.content))
    assert order["customer_name"] == "Gina" and order["total_amount"]


def test_collectstatic_writes_a_gzipped_copy_of_each_script(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    script = tmp_path / "js" / "eta.js"
    assert gzip.decompress((tmp_path / "js" / "eta.js.gz").read_bytes()) == script.read_bytes()
