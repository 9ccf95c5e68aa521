"""The loyalty section of the customer's profile page (listed in settings.PIZZERIA_PROFILE_PANELS)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from loyalty.queries.get_loyalty_balance import GetLoyaltyBalanceQuery
from loyalty.rules import POINTS_PER_DOLLAR
from pizzeria.application.mediator import get_mediator


def loyalty_panel(request: HttpRequest) -> SafeString:
    balance = get_mediator().execute(GetLoyaltyBalanceQuery(user_id=request.user.pk)).data
    return render_to_string("loyalty/profile_panel.html",
                            {"loyalty": balance, "points_per_dollar": POINTS_PER_DOLLAR}, request)
