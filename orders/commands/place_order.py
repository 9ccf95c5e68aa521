"""PlaceOrderCommand: a customer checks out. Prices, hours and capacity are decided here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial

from django.conf import settings

from orders.cart_repository import CartRepository
from orders.eta import EtaSettings, OrderShape, estimate
from orders.kitchen_load import KitchenLoadRepository
from menu.line_pricing import MenuPricer
from menu.models import Size
from menu.pricing import order_money_lines
from orders.models import Fulfilment, Order, OrderLine, PaymentMethod
from orders.queries.get_online_ordering import online_ordering_dto
from orders.queries.get_order import OrderDto, order_dto
from orders.repositories import OnlineOrderingRepository, OrderRepository
from orders.scheduling import ScheduleSettings, earliest_slot, full_slot_message, release_at, slot_problem
from orders.tasks import schedule_release
from orders.services import Clock, OpeningHours, PaymentGateway
from orders.validation import email_errors, normalise_phone, phone_errors, text_errors
from pizzeria.application import Command, CommandHandler, OperationResult, Outcome
from pizzeria.application.compensation import compensate_on_rollback
from pizzeria.application.idempotency import NOT_STORED

MAX_TOPPINGS = 10
MAX_QUANTITY = 20
MAX_LINES = 30
MAX_INSTRUCTIONS = 200
MAX_PHONE = 32


@dataclass(frozen=True)
class OrderLineRequest:
    item: str  # the menu item's slug
    size: str = Size.MEDIUM
    toppings: tuple[str, ...] = ()  # on the whole item
    quantity: int = 1
    special_instructions: str = ""
    # Half-and-half (pizzas): toppings on one half only, each charged half its price rounded up.
    left_toppings: tuple[str, ...] = ()
    right_toppings: tuple[str, ...] = ()

    def validate(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if not isinstance(self.item, str) or not self.item:
            errors["item"] = ["Choose an item from the menu."]
        if self.size not in Size.values:
            errors["size"] = ["Choose small, medium or large."]
        if problems := self._topping_errors():
            errors["toppings"] = problems
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int) or not 1 <= self.quantity <= MAX_QUANTITY:
            errors["quantity"] = [f"Quantity must be a whole number from 1 to {MAX_QUANTITY}."]
        if problems := text_errors(self.special_instructions, label="Special instructions", max_length=MAX_INSTRUCTIONS):
            errors["special_instructions"] = problems
        return errors

    def _topping_errors(self) -> list[str]:
        places = {"the whole pizza": self.toppings, "the left half": self.left_toppings,
                  "the right half": self.right_toppings}
        if not all(isinstance(chosen, tuple) and all(isinstance(t, str) for t in chosen) for chosen in places.values()):
            return ["Toppings must be a list of topping ids."]
        for where, chosen in places.items():
            if len(set(chosen)) != len(chosen):
                return [f"Each topping can be chosen once on {where}."]
        on_both = [slug for slug in self.left_toppings if slug in self.right_toppings]
        if on_both:
            return [f"{', '.join(on_both)} is on both halves: put it on the whole pizza instead."]
        twice = [slug for slug in self.left_toppings + self.right_toppings if slug in self.toppings]
        if twice:
            return [f"{', '.join(twice)} is already on the whole pizza: take it off one or the other."]
        most = len(self.toppings) + max(len(self.left_toppings), len(self.right_toppings))
        if most > MAX_TOPPINGS:
            if self.left_toppings or self.right_toppings:
                return [f"At most {MAX_TOPPINGS} toppings on each half, whole-pizza toppings included (you chose {most})."]
            return [f"At most {MAX_TOPPINGS} toppings per item (you chose {most})."]
        return []


@dataclass(frozen=True)
class PlacedOrder:
    order_id: str
    number: int
    status: str
    total_amount: Decimal
    estimated_ready_at: datetime
    subtotal_amount: Decimal = Decimal("0.00")
    delivery_fee: Decimal = Decimal("0.00")
    tax_amount: Decimal = Decimal("0.00")
    scheduled_for: datetime | None = None
    # The whole order as it was committed, read from the aggregate in memory (the caller answers
    # with it instead of reading the order back). Not kept for replays: their callers read it again.
    order: OrderDto | None = field(default=None, compare=False, metadata=NOT_STORED)


@dataclass(frozen=True)
class PlaceOrderCommand(Command[PlacedOrder]):
    customer_name: str
    customer_phone: str
    fulfilment: str
    lines: tuple[OrderLineRequest, ...]
    delivery_address: str = ""
    customer_email: str = ""
    payment_method: str = PaymentMethod.CASH
    card_number: str = field(default="", repr=False)
    notes: str = ""
    customer_user_id: int | None = None
    browser_key: str = ""
    # One checkout form (or API request) places at most one order: the key is the client's, the
    # scope says whose key it is (a session or an API user), so nobody replays another's order.
    idempotency_key: str = ""
    idempotency_scope: str = field(default="", repr=False)
    # Check out the browser's cart: its lines are read and emptied under a lock in the order's
    # transaction (``lines`` stays empty), and ``cart_version`` is the version the customer saw.
    from_cart: bool = False
    cart_version: int | None = None
    # Order ahead: the slot (today) the order should be ready at; None: as soon as possible.
    scheduled_for: datetime | None = None

    def validate(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if problems := text_errors(self.customer_name, label="Your name", max_length=100, required=True):
            errors["customer_name"] = problems
        if problems := (text_errors(self.customer_phone, label="Phone", max_length=MAX_PHONE)
                        or phone_errors(self.customer_phone)):
            errors["customer_phone"] = problems
        if self.fulfilment not in Fulfilment.values:
            errors["fulfilment"] = ["Choose delivery or pickup."]
        if self.fulfilment == Fulfilment.DELIVERY:
            if problems := text_errors(self.delivery_address, label="A delivery address", max_length=300, required=True):
                errors["delivery_address"] = problems
        if problems := email_errors(self.customer_email):
            errors["customer_email"] = problems
        if self.payment_method not in PaymentMethod.values:
            errors["payment_method"] = ["Choose cash or card."]
        elif self.payment_method == PaymentMethod.CARD:
            digits = self.card_number.replace(" ", "").replace("-", "") if isinstance(self.card_number, str) else ""
            if not (digits.isascii() and digits.isdigit() and 12 <= len(digits) <= 19):  # not "²" or "٤"
                errors["card_number"] = ["Enter the 12 to 19 digits of your card number."]
        if problems := text_errors(self.notes, label="Notes", max_length=500):
            errors["notes"] = problems
        if self.scheduled_for is not None and (
                not isinstance(self.scheduled_for, datetime) or self.scheduled_for.tzinfo is None):
            errors["scheduled_for"] = ["Choose a time from the list, or as soon as possible."]
        if self.from_cart:
            if self.lines or not self.browser_key:
                errors["lines"] = ["Checking out a cart takes the browser's cart, not lines."]
        elif not isinstance(self.lines, tuple) or not self.lines:
            errors["lines"] = ["An order needs at least one pizza: add something from the menu first."]
        elif len(self.lines) > MAX_LINES:
            errors["lines"] = [f"An order can have at most {MAX_LINES} lines."]
        else:
            for index, line in enumerate(self.lines):
                for name, problems in line.validate().items():
                    errors[f"lines.{index}.{name}"] = problems
        return errors

    @property
    def card_digits(self) -> str:
        return self.card_number.replace(" ", "").replace("-", "")


class PlaceOrderHandler(CommandHandler[PlaceOrderCommand, PlacedOrder]):
    def __init__(
        self, orders: OrderRepository, pricer: MenuPricer, clock: Clock,
        opening_hours: OpeningHours, payments: PaymentGateway, carts: CartRepository,
        online_ordering: OnlineOrderingRepository, loads: KitchenLoadRepository,
    ) -> None:
        self.orders, self.pricer, self.clock, self.carts, self.loads = orders, pricer, clock, carts, loads
        self.opening_hours, self.payments, self.online_ordering = opening_hours, payments, online_ordering

    def handle(self, command: PlaceOrderCommand) -> OperationResult[PlacedOrder]:
        # Closed now: an order ahead for later today is still welcome (its slot is checked below).
        if not self.opening_hours.is_open() and command.scheduled_for is None:
            return OperationResult.service_unavailable(
                f"Sorry, we're closed right now. We take orders {self.opening_hours.describe()}."
            )
        now = self.clock.now()
        busy = online_ordering_dto(self.online_ordering.current(), now)
        if busy.is_paused and command.scheduled_for is None:  # an order ahead for after the pause is welcome
            return OperationResult.service_unavailable(busy.notice, retry_after=busy.retry_after_seconds)

        cart = None
        requested = command.lines
        if command.from_cart:
            cart = self.carts.lock(command.browser_key)
            refusal = self._cart_refusal(cart, command.cart_version)
            if refusal is not None:
                return refusal
            requested = self.carts.lines(command.browser_key)

        priced = self._price_lines(requested)
        if isinstance(priced, OperationResult):
            return priced
        lines, shape = priced
        is_delivery = command.fulfilment == Fulfilment.DELIVERY
        money = order_money_lines(sum((line.line_total for line in lines), Decimal("0.00")), is_delivery=is_delivery)

        # The promise model (orders.eta), as GetEtaQuery showed it before paying; an order ahead
        # is promised its slot, which must still have room (counted under the capacity lock).
        self.orders.lock_capacity()
        load = self.loads.load(now, extra_minutes=busy.extra_minutes)
        soonest = estimate(now=now, load=load,
                           own_preparation_minutes=shape.preparation_minutes, own_pizzas=shape.pizzas,
                           model=EtaSettings.from_settings())
        schedule = ScheduleSettings.from_settings()
        if command.scheduled_for is not None:
            earliest = earliest_slot(soonest.ready_at, busy.paused_until, schedule)
            refusal = self._slot_refusal(command.scheduled_for, now=now, earliest=earliest, schedule=schedule)
            if refusal is not None:
                return refusal
        elif load.open_orders >= settings.PIZZERIA["KITCHEN_CAPACITY"]:
            return OperationResult.service_unavailable(
                f"The kitchen is at capacity right now; expect about {soonest.ready_in_minutes} minutes. "
                "Please try again shortly, or order ahead for a later time."
            )

        order = Order.place(
            lines=lines, placed_at=now, delivery_fee=money.delivery_fee, tax_amount=money.tax,
            scheduled_for=command.scheduled_for, estimated_ready_at=command.scheduled_for or soonest.ready_at,
            customer_name=command.customer_name.strip(),
            customer_phone=normalise_phone(command.customer_phone),
            customer_email=command.customer_email.strip(),
            customer_id=command.customer_user_id,
            fulfilment=command.fulfilment,
            delivery_address=command.delivery_address.strip() if is_delivery else "",
            payment_method=command.payment_method,
            notes=command.notes.strip(),
            browser_key=command.browser_key,
        )
        if command.payment_method == PaymentMethod.CARD:
            authorization = self.payments.authorize(
                amount=order.total_amount, card_number=command.card_digits,
                description=f"Mario's Pizzeria order for {order.customer_name}",
            )
            if not authorization.approved:
                return OperationResult.bad_request(
                    authorization.decline_reason, field_errors={"card_number": [authorization.decline_reason]}
                )
            # Authorised inside the transaction: if it does not commit, no hold is left on the card.
            compensate_on_rollback(partial(self.payments.void, reference=authorization.reference),
                                   description=f"card authorisation {authorization.reference}")
        self.orders.add(order)
        if order.scheduled_for is not None and release_at(order.scheduled_for, schedule) > now:
            schedule_release(order.public_id, at=release_at(order.scheduled_for, schedule))
        if cart is not None:
            self.carts.consume(cart, order_id=order.public_id)
        if command.payment_method == PaymentMethod.CARD:
            order.confirm_payment(reference=authorization.reference, at=now)
            self.orders.save(order)
        return OperationResult.created(self._placed(order))

    @staticmethod
    def _cart_refusal(cart, seen_version: int | None) -> OperationResult | None:
        """Why this cart can't be ordered now: already ordered (another tab), changed, or empty."""
        has_lines = cart is not None and cart.lines.exists()
        if cart is not None and cart.ordered_as and not has_lines:
            return OperationResult.conflict("This cart was already ordered (in another tab or window).")
        if not has_lines:
            empty = "Your cart is empty: add something from the menu first."
            return OperationResult.validation_error({"lines": [empty]}, error=empty)
        if seen_version is not None and cart.version != seen_version:
            return OperationResult.conflict(
                "Your cart changed after you opened checkout (in another tab?). Check it below and place the order again."
            )
        return None

    def _slot_refusal(self, scheduled_for: datetime, *, now: datetime, earliest: datetime,
                      schedule: ScheduleSettings) -> OperationResult | None:
        if problem := slot_problem(scheduled_for=scheduled_for, now=now, earliest=earliest, schedule=schedule):
            return OperationResult.validation_error({"scheduled_for": [problem]}, error=problem)
        if self.loads.taken_per_slot([scheduled_for]).get(scheduled_for, 0) >= schedule.slot_capacity:
            full = full_slot_message(scheduled_for)
            return OperationResult(Outcome.CONFLICT, error=full, field_errors={"scheduled_for": [full]})
        return None

    def _price_lines(self, requests) -> tuple[list[OrderLine], OrderShape] | OperationResult:
        """Price every line from the menu as it is now; refuse unknown or sold-out items."""
        priced, problems = self.pricer.price(requests)
        if problems:
            field_errors = {
                f"lines.{index}.{field}": [message]
                for index, fields in problems.items() for field, message in fields.items()
            }
            return OperationResult.bad_request(next(iter(field_errors.values()))[0], field_errors=field_errors)
        lines = [
            OrderLine(
                menu_item=line.menu_item, item_name=line.menu_item.name, size=line.size,
                # "price" is what the topping added to one item; "half" only for one half's toppings.
                toppings=[{"slug": t.slug, "name": t.name, "price": str(price), **({"half": half} if half != "whole" else {})}
                          for t, half, price in line.placements()],
                quantity=line.quantity, special_instructions=line.special_instructions,
                unit_price=line.unit_price, line_total=line.line_total,
            )
            for line in priced
        ]
        return lines, OrderShape.of(priced, model=EtaSettings.from_settings())

    @staticmethod
    def _placed(order: Order) -> PlacedOrder:
        return PlacedOrder(
            order_id=order.public_id, number=order.pk, status=order.status, total_amount=order.total_amount,
            estimated_ready_at=order.estimated_ready_at, subtotal_amount=order.subtotal_amount,
            delivery_fee=order.delivery_fee, tax_amount=order.tax_amount, scheduled_for=order.scheduled_for,
            order=order_dto(order, order.line_list),
        )
