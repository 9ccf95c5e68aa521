"""The API's request and response shapes (pydantic, via django-ninja): types only; rules live in commands.

Field names follow the seeds (../shared/seeds; the README's "API contract" says which seed each
comes from); the app's own extra fields are additive. Money is a string with two decimals.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AliasChoices, StrictInt, StrictStr, model_validator


class ErrorOut(Schema):
    error: str
    fields: dict[str, list[str]] = {}


# Inputs are strict: `true` or "2" is not a quantity, 5 is not a name. Every text has a bound
# (the command's own rule where it has one, so the API documents it).


class PizzaItemIn(Schema):
    pizza_id: StrictStr = Field(max_length=80, description="menu item id (slug), e.g. margherita")
    size: StrictStr = Field("medium", max_length=20, description="small, medium or large")
    toppings: list[Annotated[StrictStr, Field(max_length=80)]] = Field(
        default_factory=list, max_length=10, description="topping slugs, e.g. extra_cheese")
    quantity: StrictInt = Field(1, description="a whole number from 1 to 20")
    special_instructions: StrictStr = Field("", max_length=200)
    left_toppings: list[Annotated[StrictStr, Field(max_length=80)]] = Field(
        default_factory=list, max_length=10, description="half-and-half (pizzas): topping slugs on the left half only; "
                                                         "a half-topping costs half, rounded up to the cent")
    right_toppings: list[Annotated[StrictStr, Field(max_length=80)]] = Field(
        default_factory=list, max_length=10, description="the same for the right half")


# The seeds name a few order fields differently in different places; each pair is one field here.
SEED_FIELD_NAMES = {
    "pizzas": "pizza_items",                 # seed 003 CreateOrderDto / PlaceOrderCommand; seed 000 says pizza_items
    "delivery_address": "customer_address",  # seed 003 CreateOrderDto (as text); seed 000 says customer_address
    "special_instructions": "notes",         # seed 003 CreateOrderDto; seed 003 PlaceOrderCommand says notes
}


class PlaceOrderIn(Schema):
    customer_name: StrictStr = Field(max_length=100)
    customer_phone: StrictStr = Field(max_length=32)
    customer_address: StrictStr | None = Field(
        None, max_length=300, validation_alias=AliasChoices("customer_address", "delivery_address"),
        description="delivery address (also accepted as `delivery_address`); omit, or set fulfilment, for pickup")
    fulfilment: Literal["delivery", "pickup"] | None = None
    customer_email: StrictStr = Field("", max_length=254)
    pizza_items: list[PizzaItemIn] = Field(
        max_length=30, validation_alias=AliasChoices("pizza_items", "pizzas"),
        description="the items (also accepted as `pizzas`)")
    payment_method: Literal["cash", "card", "credit_card"] = Field(
        "cash", description="cash, or card (`credit_card` is the same); a card needs card_number")
    card_number: StrictStr = Field("", max_length=23)
    scheduled_for: datetime | None = Field(
        None, description="order ahead: a slot today, ISO 8601 with its offset (e.g. 2026-11-30T19:00:00-05:00); "
                          "omit for as soon as possible")
    notes: StrictStr = Field("", max_length=500, validation_alias=AliasChoices("notes", "special_instructions"),
                             description="a note for the kitchen (also accepted as `special_instructions`)")

    @model_validator(mode="before")
    @classmethod
    def one_name_per_field(cls, data):
        """A field sent under both of its names is ambiguous: refuse it rather than pick one."""
        sent = getattr(data, "_obj", data)  # django-ninja hands the body over wrapped
        if isinstance(sent, dict):
            for seed_name, name in SEED_FIELD_NAMES.items():
                if seed_name in sent and name in sent:
                    raise ValueError(f"Send either {name} or {seed_name}, not both.")
        return data


class PizzaOut(Schema):
    """The seeds' PizzaDto (seed 003) and order-status pizza (seed 000), plus the app's line fields."""

    id: str = Field(description="the menu item's id (slug), as in the menu")
    pizza_id: str = Field(description="the same as id")
    index: int = Field(description="the pizza's position in the order, from 0")
    name: str
    size: str
    toppings: list[str] = Field(description="topping slugs on the whole pizza")
    topping_names: list[str] = Field(description="every topping's name, halves included")
    left_toppings: list[str] = Field(description="half-and-half: slugs on the left half only")
    right_toppings: list[str]
    quantity: int
    special_instructions: str
    price: str = Field(description="the line's total: unit price x quantity")
    unit_price: str
    estimated_cooking_time: int = Field(description="minutes")
    status: Literal["pending", "cooking", "ready", "cancelled"]
    is_ready: bool


class MoneyLines(Schema):
    subtotal_amount: str = Field(description="the items; total = subtotal + delivery fee + tax")
    delivery_fee: str
    tax_amount: str
    total_amount: str


class OrderOut(MoneyLines):
    """The seeds' OrderDto (seed 003), plus the app's fields."""

    id: str
    order_id: str = Field(description="the same as id")
    order_number: int
    customer_name: str
    customer_phone: str
    pizzas: list[PizzaOut]
    status: str
    order_time: datetime
    estimated_ready_time: datetime
    scheduled_for: datetime | None = Field(description="the slot ordered ahead for; null: as soon as possible")
    special_instructions: str = Field(description="the order's note")
    fulfilment: str
    delivery_address: str
    payment_method: str
    cook_name: str
    driver_name: str


class PlacedOrderOut(OrderOut):
    """What POST /api/orders answers: seed 000's order_id, total_amount, estimated_ready_time, inside
    seed 003's OrderDto, plus the token that reads the order without a session."""

    access_token: str = Field(description="send as X-Order-Access to read or cancel this order without a session")


class OrderStatusOut(MoneyLines):
    """Seed 000's GetOrderStatusQuery answer, plus the app's fields."""

    order_id: str
    order_number: int
    status: str
    customer_name: str
    fulfilment: str
    order_time: datetime
    estimated_ready_time: datetime
    scheduled_for: datetime | None
    cook_name: str
    driver_name: str
    pizzas: list[PizzaOut]


class StatusChangedOut(Schema):
    order_id: str
    order_number: int
    status: str
    estimated_ready_time: datetime


class StartCookingIn(Schema):
    kitchen_staff_id: StrictStr = Field("", max_length=64, description="ignored: the cook is the caller")
    estimated_cooking_time_minutes: StrictInt | None = None


class PizzaReadyIn(Schema):
    actual_cooking_time_minutes: StrictInt | None = Field(
        None, ge=0, le=600, description="ignored: the time is recorded when the pizza is marked ready")


class CancelIn(Schema):
    reason: StrictStr = Field("", max_length=200)


class ToppingOut(Schema):
    slug: str
    name: str
    price: str
    is_available: bool


class MenuItemOut(Schema):
    """Seed 000's menu item (GetMenuQueryHandler), plus prices per size and availability."""

    id: str = Field(description="the item's slug, what pizza_id takes")
    name: str
    description: str
    base_price: str = Field(description="the medium price; small is 0.8x, large 1.3x")
    category: str = Field(description="pizza, appetizer, salad, drink or dessert")
    preparation_time_minutes: int
    available_sizes: list[str]
    available_toppings: list[str] = Field(description="slugs of the toppings it can have now (not sold out)")
    is_seasonal: bool
    is_available: bool = Field(description="false while sold out")
    prices: dict[str, str] = Field(description="price per available size")
    toppings: list[ToppingOut] = Field(description="every topping it can have, with price and availability")


class QueueItemOut(Schema):
    """Seed 000's kitchen queue item (GetKitchenQueueQueryHandler), plus the app's fields."""

    order_id: str
    order_number: int
    status: str
    fulfilment: str
    customer_name: str
    order_time: datetime
    estimated_ready_time: datetime
    cook_name: str
    pizza_count: int
    total_prep_time: int = Field(description="minutes")
    special_instructions: list[str] = Field(description="the pizzas' own instructions")
    notes: str = Field(description="the order's note")
    pizzas: list[PizzaOut]


class ActiveOrderOut(Schema):
    """An order summary (seeds 001/004 OrderSummaryDto)."""

    order_id: str
    order_number: int
    customer_name: str
    status: str
    order_time: datetime
    estimated_ready_time: datetime
    total_amount: str
    items_count: int


class KitchenStatusOut(Schema):
    """Seed 003's KitchenStatusDto."""

    current_capacity: int = Field(description="orders holding a place in the kitchen now (placed, confirmed, cooking)")
    max_concurrent_orders: int
    available_capacity: int
    active_orders: list[ActiveOrderOut] = Field(description="the oldest 100 of them")
    is_at_capacity: bool
    average_cooking_time: int = Field(description="minutes from start cooking to ready, today; 0 before any")
    cooked_today: int
    orders_ahead: int = Field(description="scheduled orders not yet released to the kitchen (not in current_capacity)")


class BoardPizzaOut(Schema):
    pizza_id: str = Field(description="empty: the board reads no menu ids")
    name: str
    size: str
    toppings: list[str] = Field(description="topping names, as the board shows them")
    quantity: int
    special_instructions: str
    price: str = Field(description="empty: the board shows no prices")
    is_ready: bool


class BoardTicketOut(Schema):
    """A ticket as the kitchen board shows it (the former shape of /api/kitchen/queue)."""

    order_id: str
    order_number: int
    status: str
    fulfilment: str
    customer_name: str
    placed_at: datetime
    estimated_ready_time: datetime
    cook_name: str
    pizzas: list[BoardPizzaOut]


class KitchenBoardOut(Schema):
    active_orders: int
    capacity: int
    new: list[BoardTicketOut]
    cooking: list[BoardTicketOut]
    ready: list[BoardTicketOut]


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


class PizzaPopularityOut(Schema):
    rank: int
    pizza_id: str
    name: str
    quantity: int
    revenue: str


class HourlyStatsOut(Schema):
    hour: int = Field(description="0-23, local time")
    order_count: int
    revenue: str


class OrderAnalyticsOut(Schema):
    """Seed 003's OrderAnalyticsDto, plus the period and the money lines."""

    start: date
    end: date
    total_orders: int = Field(description="orders placed in the period, cancelled ones excluded")
    total_revenue: str
    average_order_value: str
    popular_pizzas: list[PizzaPopularityOut]
    peak_hours: list[HourlyStatsOut] = Field(description="hours that had orders, busiest first")
    total_delivery_fees: str
    total_tax: str
    cancelled_orders: int
