"""Moves an order through its states the way the kitchen and a driver do, through the mediator,
running the after-commit work like a real request (used by the notification and loyalty tests).

With the test settings' immediate task backend, queued handlers run right after the commit too;
tests/outbox/ runs them from the database queue instead."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.recall_step import RecallStepCommand
from kitchen.commands.start_cooking import StartCookingCommand
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

    def recall(self, order_id: str) -> None:
        self.execute(RecallStepCommand(order_id=order_id))

    def send_out(self, order_id: str) -> None:
        driver = get_user_model().objects.get(username="driver")
        self.execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=driver.pk))

    def deliver(self, order_id: str) -> None:
        self.execute(MarkOrderDeliveredCommand(order_id=order_id))
