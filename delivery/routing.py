from django.urls import path

from delivery.consumers import DeliveryBoardConsumer

websocket_urlpatterns = [
    path("ws/delivery/", DeliveryBoardConsumer.as_asgi()),
]
