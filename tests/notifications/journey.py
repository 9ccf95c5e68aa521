"""Moves an order through its states the way the kitchen and a driver do, publishing its events
after commit like a real request (used by the notification and loyalty tests)."""

from __future__ import annotations

from django.utils import timezone

from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.repositories import OrderRepository
from tests.factories import place_order_command


class Journey:
    def __init__(self, mediator, capture_on_commit_callbacks) -> None:
        self.mediator, self.capture = mediator, capture_on_commit_callbacks

    def execute(self, command):
        with self.capture(execute=True):
            result = self.mediator.execute(command)
        assert result, result.first_error
        return result

    def place(self, **overrides) -> str:
        return self.execute(place_order_command(**overrides)).data.order_id

    def make_ready(self, order_id: str) -> None:
        self.execute(StartCookingCommand(order_id=order_id, cook_name="Luigi"))
        self.execute(MarkOrderReadyCommand(order_id=order_id))

    def pick_up(self, order_id: str) -> None:
        self.execute(MarkOrderPickedUpCommand(order_id=order_id))

    # The delivery app's commands are not written yet: drive the aggregate and publish its events.
    def send_out(self, order_id: str) -> None:
        self._change(order_id, lambda order, now: order.send_out_for_delivery(driver=None, driver_name="Toad", at=now))

    def deliver(self, order_id: str) -> None:
        self._change(order_id, lambda order, now: order.mark_delivered(at=now))

    def _change(self, order_id, apply) -> None:
        order = OrderRepository().get(order_id)
        apply(order, timezone.now())
        order.save()
        self.mediator.publish_all(order.pull_events())
