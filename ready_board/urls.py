from django.urls import path

from ready_board import views

app_name = "ready_board"

urlpatterns = [
    path("", views.board, name="board"),
]
