"""Allergy words a customer writes (notes or a line's instructions) raise a flag on the ticket."""

import pytest
from django.contrib.auth import get_user_model

from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from orders.allergens import allergy_words_in
from orders.models import Order
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("texts", "found"), [
    (["No NUTS please, severe allergy!"], ["nut", "allergy"]),
    (["extra eggs", "gluten-free base"], ["egg", "gluten"]),
    (["allergies: shellfish"], ["allergy", "shellfish"]),
    (["doughnut-shaped crust", "coconut is fine", "well done"], []),  # no whole word
])
def test_words_are_found_as_whole_words_with_plurals(texts, found):
    assert allergy_words_in(texts) == found


def test_a_ticket_flags_the_allergy_wherever_it_was_written(client, mediator, menu):
    lines = (line("margherita"), line("pepperoni", special_instructions="Peanut allergy, please be careful"))
    flagged = mediator.execute(place_order_command(lines=lines, notes="")).data
    plain = mediator.execute(place_order_command(notes="Ring twice")).data

    tickets = {t.order_id: t for t in mediator.execute(GetKitchenQueueQuery()).data.new}
    assert tickets[flagged.order_id].allergens == ("peanut", "allergy")
    assert tickets[plain.order_id].allergens == ()

    client.force_login(get_user_model().objects.get(username="cook"))
    page = client.get("/kitchen/").content.decode()
    card = page[page.index(f'id="ticket-{flagged.number}"') - 80:]
    assert "has-allergy" in card[:200] and "<strong>Allergy</strong> peanut, allergy" in card
    assert "has-allergy" not in page[page.index(f'id="ticket-{plain.number}"') - 80:][:200]


def test_the_words_are_a_setting(mediator, menu, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "ALLERGY_WORDS": ("cilantro",)}
    placed = mediator.execute(place_order_command(notes="No cilantro, nut allergy")).data
    assert Order.objects.get(public_id=placed.order_id).allergens == ["cilantro"]
