from django.urls import path

from ready_board.consumers import ReadyBoardConsumer

websocket_urlpatterns = [
    path("ws/ready-board/", ReadyBoardConsumer.as_asgi()),
]
