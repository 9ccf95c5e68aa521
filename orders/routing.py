from django.urls import path

from orders.consumers import MenuConsumer, OrderStatusConsumer

websocket_urlpatterns = [
    path("ws/orders/<str:order_id>/", OrderStatusConsumer.as_asgi()),
    path("ws/menu/", MenuConsumer.as_asgi()),
]
