"""The customer's order page socket: only a viewer allowed to see the order may listen."""

from __future__ import annotations

from orders.browser import viewer_from
from orders.fragments import order_group, render_order_live_parts
from orders.queries.get_order_status import GetOrderStatusQuery
from pizzeria.application.mediator import get_mediator
from pizzeria.live import LiveFragmentConsumer


class OrderStatusConsumer(LiveFragmentConsumer):
    @property
    def order_id(self) -> str:
        return self.scope["url_route"]["kwargs"]["order_id"]

    def authorise(self) -> str | None:
        viewer = viewer_from(self.scope.get("session") or {}, self.scope.get("user"))
        allowed = get_mediator().execute(GetOrderStatusQuery(order_id=self.order_id, viewer=viewer)).is_success
        return order_group(self.order_id) if allowed else None

    def render_current(self) -> str:
        return render_order_live_parts(self.order_id)
