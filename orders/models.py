"""The Order aggregate with its lines and timeline, and the customer's cart."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from menu.models import MenuItem, Size
from orders.allergens import allergy_words_in
from orders.halves import ToppingHalves
from orders import domain_events as events
from pizzeria.application.aggregates import AggregateRoot


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Placed"
    CONFIRMED = "confirmed", "Confirmed"
    COOKING = "cooking", "Cooking"
    READY = "ready", "Ready"
    DELIVERING = "delivering", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    PICKED_UP = "picked_up", "Picked up"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE_STATUSES = (OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.COOKING)
"""Orders that take a place in the kitchen (the capacity limit counts these)."""

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PENDING: {OrderStatus.CONFIRMED, OrderStatus.COOKING, OrderStatus.CANCELLED},
    OrderStatus.CONFIRMED: {OrderStatus.COOKING, OrderStatus.CANCELLED},
    OrderStatus.COOKING: {OrderStatus.READY},
    OrderStatus.READY: {OrderStatus.DELIVERING, OrderStatus.PICKED_UP},
    OrderStatus.DELIVERING: {OrderStatus.DELIVERED},
}


class Fulfilment(models.TextChoices):
    DELIVERY = "delivery", "Delivery"
    PICKUP = "pickup", "Pickup"


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash on delivery / at pickup"
    CARD = "card", "Card"


class IllegalTransition(Exception):
    """An order was asked to do something its current state does not allow."""


def new_public_id() -> str:
    return secrets.token_urlsafe(16)


def new_cart_line_id() -> str:
    return secrets.token_hex(6)


class Order(AggregateRoot, models.Model):
    """The Order aggregate. State changes go through its methods, which raise domain events."""

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING, db_index=True)

    customer_name = models.CharField(max_length=100)
    customer_phone = PhoneNumberField()
    customer_email = models.EmailField(blank=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    fulfilment = models.CharField(max_length=10, choices=Fulfilment.choices)
    delivery_address = models.TextField(blank=True)
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    payment_reference = models.CharField(max_length=64, blank=True)
    notes = models.TextField(blank=True)
    # Allergy words the customer wrote anywhere on the order (notes, line instructions), found at
    # checkout with PIZZERIA["ALLERGY_WORDS"]: the kitchen's ticket flags them.
    allergens = models.JSONField(default=list, blank=True)
    # Money lines, all computed on the server at checkout: total = subtotal + delivery fee + tax.
    subtotal_amount = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    delivery_fee = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    tax_amount = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    total_amount = models.DecimalField(max_digits=8, decimal_places=2)

    # Order ahead: the slot the customer picked (null = as soon as possible).
    scheduled_for = models.DateTimeField(null=True, blank=True, db_index=True)
    placed_at = models.DateTimeField(db_index=True)
    # The promise made at checkout: the kitchen's timers run against it and it never changes.
    promised_at = models.DateTimeField()
    # The customer's current estimate: starts at the promise, may move later, never earlier.
    estimated_ready_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cooking_started_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    out_for_delivery_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, help_text="Delivered or picked up.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=200, blank=True)

    cook = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cook_name = models.CharField(max_length=150, blank=True)
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    driver_name = models.CharField(max_length=150, blank=True)
    driver_assigned_at = models.DateTimeField(null=True, blank=True)

    # The browser session that placed the order, so it can list its orders without an account.
    browser_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["status", "placed_at"])]

    def __str__(self) -> str:
        return f"Order #{self.pk} ({self.get_status_display()})"

    @property
    def number(self) -> int:
        return self.pk

    # --- the state machine ---------------------------------------------------------------
    def _move_to(self, target: str, action: str) -> str:
        """Change status if allowed; otherwise refuse naming the current state."""
        if target not in ALLOWED_TRANSITIONS.get(self.status, set()):
            raise IllegalTransition(
                f"Cannot {action}: order #{self.pk} is {self.get_status_display().lower()}."
            )
        previous, self.status = self.status, target
        return previous

    @classmethod
    def place(cls, *, lines: list[OrderLine], placed_at: datetime, estimated_ready_at: datetime,
              delivery_fee: Decimal = Decimal("0.00"), tax_amount: Decimal = Decimal("0.00"), **details) -> Order:
        """Create a pending order from priced lines: subtotal = the lines, total = subtotal + fee + tax
        (the fee and tax are priced by menu.pricing.order_money_lines)."""
        order = cls(status=OrderStatus.PENDING, placed_at=placed_at, promised_at=estimated_ready_at,
                    estimated_ready_at=estimated_ready_at, delivery_fee=delivery_fee, tax_amount=tax_amount, **details)
        order.subtotal_amount = sum((line.line_total for line in lines), Decimal("0.00"))
        order.total_amount = order.subtotal_amount + delivery_fee + tax_amount
        order.allergens = allergy_words_in([order.notes, *(line.special_instructions for line in lines)])
        for position, line in enumerate(lines):
            line.position = position
        order.__dict__["_new_lines"] = lines
        return order

    def record_placed(self) -> None:
        """Raise OrderPlaced once the order has its number (after the first save)."""
        self.record_event(events.OrderPlaced(
            aggregate_id=self.public_id, occurred_at=self.placed_at, order_number=self.pk,
            customer_name=self.customer_name, fulfilment=self.fulfilment,
            item_count=sum(line.quantity for line in self.line_list),
            total_amount=self.total_amount, estimated_ready_at=self.estimated_ready_at,
        ))

    def release_to_kitchen(self, *, at: datetime) -> None:
        """Order ahead: the scheduled order's lead time has come and the kitchen board shows it."""
        if self.scheduled_for is None or self.status not in ACTIVE_STATUSES:
            raise IllegalTransition(f"Order #{self.pk} has nothing to release: it is "
                                    f"{'not scheduled' if self.scheduled_for is None else self.get_status_display().lower()}.")
        self.record_event(events.OrderReleasedToKitchen(
            aggregate_id=self.public_id, occurred_at=at, scheduled_for=self.scheduled_for,
        ))

    def confirm_payment(self, *, reference: str, at: datetime) -> None:
        self._move_to(OrderStatus.CONFIRMED, "confirm the payment")
        self.payment_reference = reference
        self.confirmed_at = at
        self.record_event(events.OrderConfirmed(
            aggregate_id=self.public_id, occurred_at=at,
            payment_method=self.payment_method, payment_reference=reference,
        ))

    def start_cooking(self, *, cook, cook_name: str, estimated_minutes: int, at: datetime) -> None:
        if self.status == OrderStatus.COOKING:
            raise IllegalTransition(
                f"Order #{self.pk} is already cooking: it was already started by {self.cook_name or 'another cook'}."
            )
        self._move_to(OrderStatus.COOKING, "start cooking")
        self.cook, self.cook_name = cook, cook_name
        self.cooking_started_at = at
        # A late start can push the estimate later; an early one never pulls it back (the
        # customer was told a time, and the kitchen's timers run against the promise).
        self.estimated_ready_at = max(self.estimated_ready_at, at + timedelta(minutes=estimated_minutes))
        self.record_event(events.CookingStarted(
            aggregate_id=self.public_id, occurred_at=at, cook_name=cook_name,
            estimated_ready_at=self.estimated_ready_at,
        ))

    def mark_line_ready(self, *, position: int, at: datetime) -> None:
        """One pizza is out of the oven; the last one makes the whole order ready."""
        if self.status != OrderStatus.COOKING:
            raise IllegalTransition(
                f"Cannot mark a pizza ready: order #{self.pk} is {self.get_status_display().lower()}."
            )
        line = self._line_at(position)
        if line.is_ready:
            raise IllegalTransition(f"{line.item_name} on order #{self.pk} is already marked ready.")
        line.is_ready, line.ready_at = True, at
        self.record_event(events.PizzaReady(
            aggregate_id=self.public_id, occurred_at=at, line_index=position, item_name=line.item_name,
        ))
        if all(other.is_ready for other in self.line_list):
            self.mark_ready(at=at)

    def mark_ready(self, *, at: datetime) -> None:
        self._move_to(OrderStatus.READY, "mark the order ready")
        for line in self.line_list:
            if not line.is_ready:
                line.is_ready, line.ready_at = True, at
        self.ready_at = at
        self.record_event(events.OrderReady(aggregate_id=self.public_id, occurred_at=at, fulfilment=self.fulfilment))

    def assign_driver(self, *, driver, driver_name: str, at: datetime) -> None:
        """A driver takes a ready delivery order; one driver per order."""
        if self.fulfilment != Fulfilment.DELIVERY:
            raise IllegalTransition(f"Order #{self.pk} is for pickup, not delivery.")
        if self.status != OrderStatus.READY:
            raise IllegalTransition(
                f"Cannot assign a driver: order #{self.pk} is {self.get_status_display().lower()}."
            )
        if self.driver_id is not None:  # by user id: two drivers may share a display name
            if driver is not None and self.driver_id == driver.pk:
                raise IllegalTransition(f"Order #{self.pk} is already assigned to you.")
            raise IllegalTransition(f"Order #{self.pk} is already assigned to {self.driver_name}.")
        self.driver, self.driver_name, self.driver_assigned_at = driver, driver_name, at
        self.record_event(events.DriverAssigned(aggregate_id=self.public_id, occurred_at=at, driver_name=driver_name))

    def send_out_for_delivery(self, *, driver, driver_name: str, at: datetime) -> None:
        """The driver leaves with the order (taking it first if nobody had)."""
        if self.fulfilment != Fulfilment.DELIVERY:
            raise IllegalTransition(f"Order #{self.pk} is for pickup, not delivery.")
        if self.driver_id is not None and (driver is None or self.driver_id != driver.pk):
            raise IllegalTransition(f"Order #{self.pk} is assigned to {self.driver_name}.")
        self._move_to(OrderStatus.DELIVERING, "send the order out for delivery")
        if self.driver_id is None:
            self.driver, self.driver_name, self.driver_assigned_at = driver, driver_name, at
        self.out_for_delivery_at = at
        self.record_event(events.OrderOutForDelivery(
            aggregate_id=self.public_id, occurred_at=at, driver_name=driver_name,
        ))

    def mark_delivered(self, *, at: datetime) -> None:
        self._move_to(OrderStatus.DELIVERED, "mark the order delivered")
        self.completed_at = at
        self.record_event(events.OrderDelivered(aggregate_id=self.public_id, occurred_at=at))

    def mark_picked_up(self, *, at: datetime) -> None:
        if self.fulfilment != Fulfilment.PICKUP:
            raise IllegalTransition(f"Order #{self.pk} is for delivery, not pickup.")
        self._move_to(OrderStatus.PICKED_UP, "hand the order over for pickup")
        self.completed_at = at
        self.record_event(events.OrderPickedUp(aggregate_id=self.public_id, occurred_at=at))

    def cancel(self, *, reason: str, at: datetime) -> None:
        previous = self._move_to(OrderStatus.CANCELLED, "cancel")
        self.cancelled_at, self.cancellation_reason = at, reason
        self.record_event(events.OrderCancelled(
            aggregate_id=self.public_id, occurred_at=at, reason=reason, previous_status=previous,
        ))

    def can_recall(self, *, at: datetime, window: timedelta) -> bool:
        """Whether ``recall_last_step`` would be accepted now (what a board may offer)."""
        step_at, _undo, _description = self._last_kitchen_step()
        return step_at is not None and at - step_at <= window

    def recall_last_step(self, *, at: datetime, window: timedelta) -> None:
        """Undo the kitchen's last step on this order (a mis-tap), if it was taken within ``window``."""
        step_at, undo, description = self._last_kitchen_step()
        if step_at is None:
            raise IllegalTransition(f"Nothing to recall: order #{self.pk} is {self.get_status_display().lower()}.")
        if at - step_at > window:
            raise IllegalTransition(
                f"Too late to recall “{description}” on order #{self.pk}: "
                f"recall works for {int(window.total_seconds())} seconds."
            )
        undo()
        self.record_event(events.StepRecalled(
            aggregate_id=self.public_id, occurred_at=at, undone=description, status_now=self.status,
        ))

    def _last_kitchen_step(self):
        """(when, how to undo it, what it was) for the most recent kitchen step, or (None, None, None)."""
        if self.status == OrderStatus.PICKED_UP:
            def undo():
                self.status, self.completed_at = OrderStatus.READY, None
            return self.completed_at, undo, "picked up"
        if self.status == OrderStatus.READY and self.driver_id is not None:
            return None, None, None  # a driver has it: the kitchen can no longer take it back
        if self.status == OrderStatus.READY:
            def undo():
                for line in self.line_list:
                    if line.ready_at == self.ready_at:  # readied together with the order
                        line.is_ready, line.ready_at = False, None
                self.status, self.ready_at = OrderStatus.COOKING, None
            return self.ready_at, undo, "order ready"
        if self.status == OrderStatus.COOKING:
            ready_lines = [line for line in self.line_list if line.is_ready]
            if ready_lines:
                last = max(ready_lines, key=lambda line: line.ready_at)

                def undo():
                    last.is_ready, last.ready_at = False, None
                return last.ready_at, undo, f"{last.item_name} ready"

            def undo():
                self.status = OrderStatus.CONFIRMED if self.confirmed_at else OrderStatus.PENDING
                self.cook, self.cook_name, self.cooking_started_at = None, "", None
            return self.cooking_started_at, undo, "start cooking"
        return None, None, None

    # --- lines ---------------------------------------------------------------------------
    @property
    def line_list(self) -> list[OrderLine]:
        """The order's lines, loaded once per instance (the aggregate owns them)."""
        if "_new_lines" in self.__dict__:
            return self.__dict__["_new_lines"]
        if "_lines" not in self.__dict__:
            self.__dict__["_lines"] = list(self.lines.all())
        return self.__dict__["_lines"]

    def _line_at(self, position: int) -> OrderLine:
        for line in self.line_list:
            if line.position == position:
                return line
        raise IllegalTransition(f"Order #{self.pk} has no line {position + 1}.")


class OrderLine(models.Model):
    """One item of an order, with a snapshot of its name and prices at the time of ordering."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    menu_item = models.ForeignKey(MenuItem, on_delete=models.PROTECT, related_name="+")
    item_name = models.CharField(max_length=80)
    size = models.CharField(max_length=10, choices=Size.choices)
    toppings = models.JSONField(default=list, blank=True, help_text="[{slug, name, price}] at ordering time.")
    quantity = models.PositiveSmallIntegerField()
    special_instructions = models.CharField(max_length=200, blank=True)
    unit_price = models.DecimalField(max_digits=8, decimal_places=2)
    line_total = models.DecimalField(max_digits=8, decimal_places=2)
    is_ready = models.BooleanField(default=False)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "position"]
        constraints = [models.UniqueConstraint(fields=["order", "position"], name="unique_line_position")]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.item_name} ({self.size})"

    @property
    def topping_names(self) -> list[str]:
        return [topping["name"] for topping in self.toppings]

    @property
    def topping_halves(self) -> ToppingHalves:
        """Whole-pizza toppings and each half's, for tickets and receipts."""
        return ToppingHalves.from_order_toppings(self.toppings)


class OrderTimelineEntry(models.Model):
    """Every domain event of an order, stored in the same transaction as the change."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="timeline")
    event_type = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    payload = models.JSONField()
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name_plural = "order timeline"

    def __str__(self) -> str:
        return f"{self.event_type} at {self.occurred_at:%H:%M:%S}"


class Cart(models.Model):
    """A browser's cart, kept in the database under the browser's key (it survives reloads)."""

    browser_key = models.CharField(max_length=64, unique=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every change, so a checkout can tell that the cart it showed is still the cart.
    version = models.PositiveIntegerField(default=0)
    # The order this cart last became (its lines are gone then), for "already ordered" answers.
    ordered_as = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"Cart {self.browser_key[:8]}"


class CartLine(models.Model):
    """What the customer asked for; prices are worked out from the menu each time it is shown."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    public_id = models.CharField(max_length=16, unique=True, default=new_cart_line_id)
    menu_item = models.ForeignKey(MenuItem, on_delete=models.CASCADE, related_name="+")
    size = models.CharField(max_length=10, choices=Size.choices)
    topping_slugs = models.JSONField(default=list)
    # Half-and-half: toppings on one half only (whole-pizza toppings stay in topping_slugs).
    left_topping_slugs = models.JSONField(default=list, blank=True)
    right_topping_slugs = models.JSONField(default=list, blank=True)
    quantity = models.PositiveSmallIntegerField()
    special_instructions = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    # The attributes MenuPricer reads (see menu.line_pricing.RequestedLine).
    @property
    def item(self) -> str:
        return self.menu_item.slug

    @property
    def toppings(self) -> tuple[str, ...]:
        return tuple(self.topping_slugs)

    @property
    def left_toppings(self) -> tuple[str, ...]:
        return tuple(self.left_topping_slugs or ())

    @property
    def right_toppings(self) -> tuple[str, ...]:
        return tuple(self.right_topping_slugs or ())


ONLINE_ORDERING_ID = "online-ordering"


class OnlineOrdering(AggregateRoot, models.Model):
    """Busy mode, set from the kitchen: extra minutes on every promise, or online ordering paused
    until a time. One row; a pause ends by itself when its time comes."""

    extra_minutes = models.PositiveSmallIntegerField(default=0)
    paused_until = models.DateTimeField(null=True, blank=True)
    changed_by = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "online ordering (busy mode)"
        verbose_name_plural = "online ordering (busy mode)"

    def __str__(self) -> str:
        return f"+{self.extra_minutes} min" + (f", paused until {self.paused_until:%H:%M}" if self.paused_until else "")

    def is_paused(self, now: datetime) -> bool:
        return self.paused_until is not None and now < self.paused_until

    def seconds_until_open(self, now: datetime) -> int:
        return max(1, int((self.paused_until - now).total_seconds())) if self.is_paused(now) else 0

    def change(self, *, extra_minutes: int, paused_until: datetime | None, by: str, at: datetime) -> None:
        self.extra_minutes, self.paused_until, self.changed_by, self.changed_at = extra_minutes, paused_until, by, at
        self.record_event(events.OnlineOrderingChanged(
            aggregate_id=ONLINE_ORDERING_ID, extra_minutes=extra_minutes, paused_until=paused_until, changed_by=by,
        ))


class CustomerDetails(models.Model):
    """What a signed-in customer last ordered with, so the next checkout is filled in for them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_details")
    name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    email = models.EmailField(blank=True)
    delivery_address = models.TextField(blank=True)
    fulfilment = models.CharField(max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Details of {self.user}"
