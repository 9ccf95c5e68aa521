"""The customer's sockets. The order page's: only a viewer allowed to see the order may listen.

Those who may cancel it (its holder, a manager) join the group whose frames carry the Cancel
button; the others who may see it (kitchen staff, its driver) the group without it.
"""

from __future__ import annotations

from orders.access import Viewer
from orders.browser import viewer_from
from orders.event_handlers.broadcast_order_status import order_stream
from orders.fragments import MENU_STREAM, order_group, render_menu_live, render_order_live_parts
from orders.queries.get_order_status import GetOrderStatusQuery
from pizzeria.application.mediator import get_mediator
from live.consumers import LiveFragmentConsumer


class OrderStatusConsumer(LiveFragmentConsumer):
    viewer: Viewer = Viewer()

    @property
    def order_id(self) -> str:
        return self.scope["url_route"]["kwargs"]["order_id"]

    def authorise(self) -> str | None:
        self.viewer = viewer_from(self.scope.get("session") or {}, self.scope.get("user"))
        result = get_mediator().execute(GetOrderStatusQuery(order_id=self.order_id, viewer=self.viewer))
        if not result.is_success:
            return None
        return order_group(self.order_id, may_cancel=result.data.viewer_may_cancel)

    def stream_name(self) -> str:
        return order_stream(self.order_id)

    def render_current(self) -> str:
        return render_order_live_parts(self.order_id, viewer=self.viewer)


class MenuConsumer(LiveFragmentConsumer):
    """The public menu: anyone may listen (it shows what the page already shows to anyone)."""

    def authorise(self) -> str | None:
        return MENU_STREAM

    def stream_name(self) -> str:
        return MENU_STREAM

    def render_current(self) -> str:
        return render_menu_live()
