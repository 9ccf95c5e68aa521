"""Websocket routes of every app."""

from delivery.routing import websocket_urlpatterns as delivery_sockets
from kitchen.routing import websocket_urlpatterns as kitchen_sockets
from orders.routing import websocket_urlpatterns as order_sockets

websocket_urlpatterns = [*kitchen_sockets, *delivery_sockets, *order_sockets]
