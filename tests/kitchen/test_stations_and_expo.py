"""Stations: a screen per station shows only the orders with something to make there, and only
those lines (by menu category, PIZZERIA["STATIONS"]); the expo shows the orders ready to hand off."""

import pytest
from django.contrib.auth import get_user_model

from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from pizzeria.application import Outcome
from pizzeria.application.mediator import get_mediator
from tests.factories import line, place_order_command

HTMX = {"HTTP_HX_REQUEST": "true"}


def place(*lines):
    return get_mediator().execute(place_order_command(lines=lines)).data


def board_lines(board):
    return {t.number: [l.item_name for l in t.lines] for column in board.columns for t in column.tickets}


@pytest.mark.django_db
def test_each_station_sees_its_own_lines(menu, mediator):
    both = place(line("margherita"), line("cola"))
    oven_only = place(line("pepperoni"))
    cold_only = place(line("caesar_salad"))

    cold = mediator.execute(GetKitchenQueueQuery(station="cold")).data
    assert board_lines(cold) == {both.number: ["Cola"], cold_only.number: ["Caesar salad"]}
    assert cold.column("new").total == 2
    oven = mediator.execute(GetKitchenQueueQuery(station="oven")).data
    assert board_lines(oven) == {both.number: ["Margherita"], oven_only.number: ["Pepperoni"]}
    everything = mediator.execute(GetKitchenQueueQuery()).data
    assert board_lines(everything)[both.number] == ["Margherita", "Cola"]
    assert mediator.execute(GetKitchenQueueQuery(station="grill")).outcome is Outcome.INVALID


@pytest.mark.django_db
def test_station_and_expo_pages(client, menu, mediator):
    placed = place(line("margherita"), line("tiramisu"))
    client.force_login(get_user_model().objects.get(username="cook"))
    desserts = client.get("/kitchen/?station=desserts").content.decode()
    assert "Tiramisù" in desserts and "Margherita" not in desserts
    assert 'ws-connect="/ws/kitchen/?station=desserts"' in desserts and 'aria-current="page">Desserts' in desserts
    assert client.get("/kitchen/?station=grill").status_code == 404

    expo = client.get("/kitchen/?station=expo").content.decode()
    assert 'id="column-ready"' in expo and 'id="column-new"' not in expo

    # A tap on a station screen answers with that station's board.
    response = client.post(f"/kitchen/orders/{placed.order_id}/start/", {"view": "desserts"}, **HTMX)
    answer = response.content.decode()
    assert response.status_code == 200 and "Tiramisù" in answer and "Margherita" not in answer
