"""How many loyalty points an order earns."""

from __future__ import annotations

import math
from decimal import Decimal

POINTS_PER_DOLLAR = 1
"""The loyalty rate: 1 point per whole dollar of the order total, rounded down ($23.99 earns 23 points).

Points are earned when an order is delivered or picked up, and only by orders placed with a
customer account; guest orders earn nothing.
"""


def points_for(total: Decimal) -> int:
    return math.floor(total) * POINTS_PER_DOLLAR
