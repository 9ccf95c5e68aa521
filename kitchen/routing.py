from django.urls import path

from kitchen.consumers import KitchenBoardConsumer

websocket_urlpatterns = [
    path("ws/kitchen/", KitchenBoardConsumer.as_asgi()),
]
