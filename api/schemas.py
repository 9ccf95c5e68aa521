"""The API's request and response shapes (pydantic, via django-ninja): types only; rules live in commands."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class ErrorOut(Schema):
    error: str
    fields: dict[str, list[str]] = {}


class PizzaItemIn(Schema):
    pizza_id: str = Field(description="menu item slug, e.g. margherita")
    size: str = Field("medium", description="small, medium or large")
    toppings: list[str] = Field(default_factory=list, description="topping slugs, e.g. extra_cheese")
    quantity: int = 1
    special_instructions: str = ""


class PlaceOrderIn(Schema):
    customer_name: str
    customer_phone: str
    customer_address: str | None = Field(None, description="delivery address; omit (or set fulfilment) for pickup")
    fulfilment: Literal["delivery", "pickup"] | None = None
    customer_email: str = ""
    pizza_items: list[PizzaItemIn]
    payment_method: str = Field("cash", description="cash or card")
    card_number: str = ""
    notes: str = ""


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
    kitchen_staff_id: str = ""
    estimated_cooking_time_minutes: int | None = None


class CancelIn(Schema):
    reason: str = ""


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
