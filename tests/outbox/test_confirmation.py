"""One confirmation email per order, whichever front door placed it."""

import pytest
from django.core import mail

from notifications.models import Notification
from orders.models import Order
from tests.outbox.conftest import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_order_from_the_checkout_gets_one_confirmation_email(client, menu, sms):
    client.post("/cart/add/", {"item": "margherita", "size": "large", "quantity": "1"}, HTTP_HX_REQUEST="true")
    response = client.post("/checkout/", {
        "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_email": "ann@example.com",
        "fulfilment": "delivery", "delivery_address": "12 Harbour Street", "payment_method": "card",
        "card_number": "4242 4242 4242 4242", "notes": "", "submission_key": "k-2",
    })
    assert response.status_code == 302
    run_worker()
    run_worker()  # nothing left to do

    number = Order.objects.get().pk
    assert [email.subject for email in mail.outbox] == [f"Mario's Pizzeria: order #{number} received"]
    assert "Margherita" in mail.outbox[0].body and "Follow your order live: http" in mail.outbox[0].body


def test_an_order_from_the_api_gets_one_confirmation_email(client, menu, sms):
    response = client.post("/api/orders", {
        "customer_name": "John Doe", "customer_phone": "(202) 555-0123", "customer_address": "123 Pizza St",
        "customer_email": "john@example.com", "payment_method": "cash",
        "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": [], "special_instructions": ""}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert mail.outbox == []  # the API answered before any email went out
    run_worker()

    (email,) = mail.outbox
    assert email.to == ["john@example.com"] and email.subject.endswith("received")
    assert Notification.objects.filter(channel="email").count() == 1
