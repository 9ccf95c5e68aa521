"""GetCustomerProfileQuery: a signed-in customer's orders, spending and favourite pizzas."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Sum

from menu.models import Category

from orders.models import Order, OrderLine, OrderStatus
from menu.pricing import to_cents
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class FavouriteDto:
    item_name: str
    times_ordered: int


@dataclass(frozen=True)
class CustomerProfileDto:
    username: str
    display_name: str
    email: str
    order_count: int
    total_spent: Decimal
    favourites: tuple[FavouriteDto, ...]


@dataclass(frozen=True)
class GetCustomerProfileQuery(Query[CustomerProfileDto]):
    user_id: int


class GetCustomerProfileHandler(QueryHandler[GetCustomerProfileQuery, CustomerProfileDto]):
    def handle(self, query: GetCustomerProfileQuery) -> OperationResult[CustomerProfileDto]:
        user = get_user_model().objects.filter(pk=query.user_id).first()
        if user is None:
            return OperationResult.not_found("No such customer.")
        kept = Order.objects.filter(customer=user).exclude(status=OrderStatus.CANCELLED)
        favourites = (
            OrderLine.objects.filter(order__in=kept, menu_item__category=Category.PIZZA)
            .values("item_name").annotate(times=Sum("quantity")).order_by("-times", "item_name")[:3]
        )
        return OperationResult.ok(CustomerProfileDto(
            username=user.get_username(), display_name=user.get_full_name() or user.get_username(),
            email=user.email, order_count=kept.count(),
            total_spent=to_cents(kept.aggregate(total=Sum("total_amount"))["total"] or Decimal("0")),
            favourites=tuple(FavouriteDto(f["item_name"], f["times"]) for f in favourites),
        ))
