from django.apps import AppConfig


class ReadyBoardConfig(AppConfig):
    name = "ready_board"
    verbose_name = "Order-ready board"
