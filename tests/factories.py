"""Helpers that build commands the way a checkout would."""

from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand


def place_order_command(**overrides) -> PlaceOrderCommand:
    fields = {
        "customer_name": "Ann Example",
        "customer_phone": "(202) 555-0142",
        "fulfilment": "delivery",
        "delivery_address": "12 Harbour Street",
        "lines": (OrderLineRequest(item="margherita", size="large", toppings=("extra_cheese",), quantity=1),),
        "payment_method": "cash",
    }
    fields.update(overrides)
    return PlaceOrderCommand(**fields)


def line(item="margherita", size="medium", toppings=(), quantity=1, special_instructions=""):
    return OrderLineRequest(item=item, size=size, toppings=tuple(toppings), quantity=quantity,
                            special_instructions=special_instructions)
