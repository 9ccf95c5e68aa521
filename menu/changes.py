"""Menu edits made outside the mediator (the admin) announce themselves as MenuChanged events."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction

from menu.events import MenuChanged
from pizzeria.application.mediator import get_mediator


def announce_menu_changed(slugs: Iterable[str]) -> None:
    """Publish MenuChanged for each slug once the admin's transaction commits."""
    events = [MenuChanged(aggregate_id=slug) for slug in dict.fromkeys(slugs)]
    if events:
        transaction.on_commit(partial(get_mediator().publish_all, events), robust=True)
