"""The kitchen recalled "ready" or "picked up": a message about it that is still waiting is
cancelled; one the customer already got is followed by a correction on the same channels."""

from __future__ import annotations

from notifications.event_handlers.notify_order_picked_up import NotifyOrderPickedUp
from notifications.event_handlers.notify_order_ready import NotifyOrderReady
from notifications.notifier import CustomerMessage, CustomerNotifier
from notifications.recalls import undone_event_id
from orders.domain_events import StepRecalled
from pizzeria.application import EventHandler
from pizzeria.application.outbox import preempt

CORRECTIONS = {
    "OrderReady": (NotifyOrderReady, "Sorry, our mistake: order #{number} is not ready yet. "
                                     "It's back in the oven, and we'll tell you when it is."),
    "OrderPickedUp": (NotifyOrderPickedUp, "Sorry, please ignore our last message: order #{number} "
                                           "is still waiting for you at the counter."),
}


class CorrectRecalledStep(EventHandler[StepRecalled]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: StepRecalled) -> None:
        undone = undone_event_id(event)
        if undone is None:
            return
        undone_type, undone_id = undone
        handler_class, text = CORRECTIONS[undone_type]
        if preempt(handler_class, event_id=undone_id, event_type=undone_type, aggregate_id=event.aggregate_id):
            return  # its handler had not run: it never will, and the customer was told nothing
        told = self.notifier.withdraw(undone_id)
        if told:
            self.notifier.notify(event, lambda order: CustomerMessage(
                subject=f"correction for order #{order.number}", text=text.format(number=order.number),
            ), channels=tuple(told))
