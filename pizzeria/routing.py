"""Websocket routes of every app, then a catch-all that rejects any other path's handshake."""

from channels.security.websocket import WebsocketDenier
from django.urls import re_path

from delivery.routing import websocket_urlpatterns as delivery_sockets
from kitchen.routing import websocket_urlpatterns as kitchen_sockets
from orders.routing import websocket_urlpatterns as order_sockets
from ready_board.routing import websocket_urlpatterns as ready_board_sockets

websocket_urlpatterns = [
    *kitchen_sockets, *delivery_sockets, *order_sockets, *ready_board_sockets,
    # Last: an unknown path is refused cleanly (HTTP 403 on the handshake) instead of URLRouter's
    # "No route found" exception and traceback.
    re_path(r"", WebsocketDenier.as_asgi()),
]
