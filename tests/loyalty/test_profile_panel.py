"""The customer's profile shows their loyalty points through the panel loyalty contributes
(settings.PIZZERIA_PROFILE_PANELS), so orders never imports loyalty."""

import pytest
from django.contrib.auth import get_user_model

from orders.models import Order
from tests.notifications.journey import Journey

pytestmark = pytest.mark.django_db


def test_the_profile_shows_points_earned_by_a_delivered_order(client, mediator, django_capture_on_commit_callbacks, menu):
    peach = get_user_model().objects.get(username="customer")
    journey = Journey(mediator, django_capture_on_commit_callbacks)
    order_id = journey.place(customer_user_id=peach.pk)
    journey.make_ready(order_id)
    journey.send_out(order_id)
    journey.deliver(order_id)
    number = Order.objects.get(public_id=order_id).pk

    client.force_login(peach)
    page = client.get("/accounts/profile/").content.decode()

    assert '<span class="stat-value" id="loyalty-points">17</span>' in page  # $17.10 → 17 points
    assert f"Order #{number}</a>" in page and "+17" in page


def test_without_the_panel_setting_the_profile_has_no_loyalty_section(client, settings, menu):
    settings.PIZZERIA_PROFILE_PANELS = []
    client.force_login(get_user_model().objects.get(username="customer"))
    page = client.get("/accounts/profile/").content.decode()
    assert "Ciao, Peach!" in page and "loyalty-points" not in page
