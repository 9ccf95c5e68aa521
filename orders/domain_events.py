"""The pizzeria's domain events. Past tense; ``aggregate_id`` is the order's public id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


from pizzeria.application import DomainEvent


@dataclass(frozen=True, kw_only=True)
class OrderEvent(DomainEvent):
    """Base of every event about one order; these go to the order's timeline."""

    def summary(self) -> str:
        return self.event_type()


@dataclass(frozen=True, kw_only=True)
class OrderPlaced(OrderEvent):
    order_number: int
    customer_name: str
    fulfilment: str
    item_count: int
    total_amount: Decimal
    estimated_ready_at: datetime

    def summary(self) -> str:
        items = "1 item" if self.item_count == 1 else f"{self.item_count} items"
        return f"Order placed for {self.fulfilment}: {items}, total ${self.total_amount}."


@dataclass(frozen=True, kw_only=True)
class OrderConfirmed(OrderEvent):
    payment_method: str
    payment_reference: str

    def summary(self) -> str:
        return "Payment authorised; order confirmed."


@dataclass(frozen=True, kw_only=True)
class CookingStarted(OrderEvent):
    cook_name: str
    estimated_ready_at: datetime

    def summary(self) -> str:
        return f"{self.cook_name} started cooking."


@dataclass(frozen=True, kw_only=True)
class PizzaReady(OrderEvent):
    line_index: int
    item_name: str

    def summary(self) -> str:
        return f"{self.item_name} is out of the oven."


@dataclass(frozen=True, kw_only=True)
class OrderReady(OrderEvent):
    fulfilment: str

    def summary(self) -> str:
        return "Ready for pickup." if self.fulfilment == "pickup" else "Ready; waiting for a driver."


@dataclass(frozen=True, kw_only=True)
class DriverAssigned(OrderEvent):
    driver_name: str

    def summary(self) -> str:
        return f"{self.driver_name} will deliver it."


@dataclass(frozen=True, kw_only=True)
class OrderOutForDelivery(OrderEvent):
    driver_name: str

    def summary(self) -> str:
        return f"Out for delivery with {self.driver_name}."


@dataclass(frozen=True, kw_only=True)
class OrderDelivered(OrderEvent):
    def summary(self) -> str:
        return "Delivered. Enjoy!"


@dataclass(frozen=True, kw_only=True)
class OrderPickedUp(OrderEvent):
    def summary(self) -> str:
        return "Picked up. Enjoy!"


@dataclass(frozen=True, kw_only=True)
class OrderCancelled(OrderEvent):
    reason: str
    previous_status: str

    def summary(self) -> str:
        return f"Cancelled: {self.reason}" if self.reason else "Cancelled."


@dataclass(frozen=True, kw_only=True)
class StepRecalled(OrderEvent):
    undone: str
    status_now: str

    def summary(self) -> str:
        return f"Kitchen recalled “{self.undone}”."


@dataclass(frozen=True, kw_only=True)
class OrderReleasedToKitchen(OrderEvent):
    """A scheduled order's lead time has come: it now shows on the kitchen board."""

    scheduled_for: datetime

    def summary(self) -> str:
        return "Sent to the kitchen for its time slot."


@dataclass(frozen=True, kw_only=True)
class OnlineOrderingChanged(DomainEvent):
    """The kitchen changed busy mode: a quote delay, or online ordering paused until a time."""

    extra_minutes: int
    paused_until: datetime | None
    changed_by: str
