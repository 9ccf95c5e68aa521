"""The API's request and response shapes (pydantic, via django-ninja): types only; rules live in commands."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StrictInt, StrictStr


class ErrorOut(Schema):
    error: str
    fields: dict[str, list[str]] = {}


# Inputs are strict: `true` or "2" is not a quantity, 5 is not a name. Every text has a bound
# (the command's own rule where it has one, so the API documents it).


class PizzaItemIn(Schema):
    pizza_id: StrictStr = Field(max_length=80, description="menu item slug, e.g. margherita")
    size: StrictStr = Field("medium", max_length=20, description="small, medium or large")
    toppings: list[Annotated[StrictStr, Field(max_length=80)]] = Field(
        default_factory=list, max_length=10, description="topping slugs, e.g. extra_cheese")
    quantity: StrictInt = Field(1, description="a whole number from 1 to 20")
    special_instructions: StrictStr = Field("", max_length=200)


class PlaceOrderIn(Schema):
    customer_name: StrictStr = Field(max_length=100)
    customer_phone: StrictStr = Field(max_length=32)
    customer_address: StrictStr | None = Field(
        None, max_length=300, description="delivery address; omit (or set fulfilment) for pickup")
    fulfilment: Literal["delivery", "pickup"] | None = None
    customer_email: StrictStr = Field("", max_length=254)
    pizza_items: list[PizzaItemIn] = Field(max_length=30)
    payment_method: StrictStr = Field("cash", max_length=20, description="cash or card")
    card_number: StrictStr = Field("", max_length=23)
    notes: StrictStr = Field("", max_length=500)


class PlacedOrderOut(Schema):
    order_id: str
    order_number: int
    status: str
    total_amount: str
    estimated_ready_time: datetime
    access_token: str = Field(description="send as X-Order-Access to read or cancel this order without a session")


class OrderPizzaOut(Schema):
    pizza_id: str
    name: str
    size: str
    toppings: list[str]
    quantity: int
    special_instructions: str
    price: str
    is_ready: bool


class OrderStatusOut(Schema):
    order_id: str
    order_number: int
    status: str
    customer_name: str
    fulfilment: str
    order_time: datetime
    estimated_ready_time: datetime
    total_amount: str
    cook_name: str
    driver_name: str
    pizzas: list[OrderPizzaOut]


class StatusChangedOut(Schema):
    order_id: str
    order_number: int
    status: str
    estimated_ready_time: datetime


class StartCookingIn(Schema):
    kitchen_staff_id: StrictStr = Field("", max_length=64)
    estimated_cooking_time_minutes: StrictInt | None = None


class CancelIn(Schema):
    reason: StrictStr = Field("", max_length=200)


class ToppingOut(Schema):
    slug: str
    name: str
    price: str
    is_available: bool


class MenuItemOut(Schema):
    pizza_id: str
    name: str
    category: str
    description: str
    prices: dict[str, str]
    preparation_minutes: int
    is_seasonal: bool
    is_available: bool
    toppings: list[ToppingOut]


class MenuOut(Schema):
    items: list[MenuItemOut]


class TicketOut(Schema):
    order_id: str
    order_number: int
    status: str
    fulfilment: str
    customer_name: str
    placed_at: datetime
    estimated_ready_time: datetime
    cook_name: str
    pizzas: list[OrderPizzaOut]


class KitchenQueueOut(Schema):
    active_orders: int
    capacity: int
    new: list[TicketOut]
    cooking: list[TicketOut]
    ready: list[TicketOut]


class BestSellerOut(Schema):
    rank: int
    name: str
    quantity: int
    revenue: str


class DailySalesOut(Schema):
    date: date
    order_count: int
    revenue: str
    average_order_value: str
    cancellations: int
    avg_minutes_to_ready: float | None
    avg_minutes_to_delivered: float | None
    best_sellers: list[BestSellerOut]
    orders_by_hour: dict[int, int]
