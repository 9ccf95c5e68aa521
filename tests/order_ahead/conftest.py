"""Order ahead's tests share one afternoon: 5:02 PM in New York, in a shop open 11:00-23:00 with
15-minute slots and a 30-minute lead time, on a clock that moves only when a test moves it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from orders.services import Clock, FixedClock

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 30, 17, 2, tzinfo=TZ)
SEVEN = NOW.replace(hour=19, minute=0)


@pytest.fixture
def slot_capacity() -> int:
    """Orders each slot takes (a module that needs full slots sooner overrides this)."""
    return 2


@pytest.fixture
def clock(mediator, settings, slot_capacity):
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": False, "OPENING_HOURS": "11:00-23:00",
                         "SLOT_MINUTES": 15, "SLOT_CAPACITY": slot_capacity, "SCHEDULE_LEAD_MINUTES": 30}
    clock = FixedClock(NOW)
    mediator.container.register_instance(Clock, clock)
    return clock
