from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Menu and orders"

    def ready(self) -> None:
        # Every live socket (order page, kitchen, delivery) builds on live.consumers; orders is the
        # app they all share, so it connects the signals that revoke them.
        from live.revocation import connect_receivers

        connect_receivers()
