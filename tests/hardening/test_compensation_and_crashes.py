"""A card authorised for an order that never commits is voided; crashes are loud, not results."""

import logging
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import path

from pizzeria.application import Outcome
from orders.models import Order
from orders.services import PaymentAuthorization, PaymentGateway
from pizzeria.application.events import EventStore
from pizzeria.application.idempotency import IdempotencyStore
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

CARD = {"payment_method": "card", "card_number": "4242 4242 4242 4242"}


class RecordingGateway(PaymentGateway):
    def __init__(self):
        self.authorised: list[str] = []
        self.voided: list[str] = []

    def authorize(self, *, amount: Decimal, card_number: str, description: str) -> PaymentAuthorization:
        reference = f"auth_{len(self.authorised) + 1}"
        self.authorised.append(reference)
        return PaymentAuthorization(approved=True, reference=reference)

    def void(self, *, reference: str) -> None:
        self.voided.append(reference)


@pytest.fixture
def gateway(mediator):
    gateway = RecordingGateway()
    mediator.container.register_instance(PaymentGateway, gateway)
    return gateway


def test_a_rollback_after_authorisation_voids_the_card(menu, mediator, gateway, monkeypatch):
    """The timeline write fails after the card was authorised and the order saved: nothing commits."""
    def disk_full(self, events, aggregates=()):
        raise IntegrityError("disk full")
    monkeypatch.setattr(type(mediator.container.resolve(EventStore)), "append", disk_full)

    with pytest.raises(IntegrityError):
        mediator.execute(place_order_command(**CARD))

    assert gateway.authorised == ["auth_1"] and gateway.voided == ["auth_1"]
    assert not Order.objects.exists()


def test_a_failure_recording_the_idempotency_result_voids_the_card(menu, mediator, gateway, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("duplicate key")
    monkeypatch.setattr(IdempotencyStore, "put", fail)

    with pytest.raises(IntegrityError):
        mediator.execute(place_order_command(**CARD, idempotency_key="k", idempotency_scope="s"))

    assert gateway.voided == gateway.authorised == ["auth_1"] and not Order.objects.exists()


def test_a_committed_order_keeps_its_authorisation(menu, mediator, gateway):
    result = mediator.execute(place_order_command(**CARD))
    assert result.outcome is Outcome.CREATED and gateway.authorised == ["auth_1"] and gateway.voided == []
    assert Order.objects.get().payment_reference == "auth_1"


def test_a_refused_order_after_authorisation_voids_it(menu, mediator, gateway, monkeypatch):
    """Any failed result rolls the transaction back; a hold must not outlive it."""
    from orders.commands.place_order import PlaceOrderHandler
    from pizzeria.application import OperationResult

    original = PlaceOrderHandler.handle

    def authorise_then_refuse(self, command):
        original(self, command)
        return OperationResult.conflict("refused after the card was authorised")
    monkeypatch.setattr(PlaceOrderHandler, "handle", authorise_then_refuse)

    assert mediator.execute(place_order_command(**CARD)).outcome is Outcome.CONFLICT
    assert gateway.voided == ["auth_1"] and not Order.objects.exists()


def test_a_crashing_handler_is_logged_with_its_traceback_and_re_raised(menu, mediator, caplog, monkeypatch):
    from orders.commands.place_order import PlaceOrderHandler

    def crash(self, command):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(PlaceOrderHandler, "handle", crash)

    with caplog.at_level(logging.ERROR, logger="pizzeria.mediator"), pytest.raises(ZeroDivisionError):
        mediator.execute(place_order_command())
    record = next(r for r in caplog.records if "PlaceOrderCommand crashed" in r.getMessage())
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError


def test_a_crash_answers_500_through_djangos_handler(menu, monkeypatch):
    from orders.commands.place_order import PlaceOrderHandler

    def crash(self, command):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(PlaceOrderHandler, "handle", crash)
    client = Client(raise_request_exception=False)
    order = {"customer_name": "A", "customer_phone": "(202) 555-0142", "pizza_items": [{"pizza_id": "margherita"}]}

    response = client.post("/api/orders", order, content_type="application/json")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "ZeroDivisionError" not in response.content.decode()
