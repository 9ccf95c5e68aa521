"""Fault injection for tests of what survives a crash. Inactive unless PIZZERIA_FAULT is set."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)

DIE_AFTER_COMMIT = "die-after-commit"  # the process exits right after a command commits, before any broadcast


def active(name: str) -> bool:
    return name in os.environ.get("PIZZERIA_FAULT", "").split(",")


def die() -> None:
    logger.warning("PIZZERIA_FAULT=%s: exiting after commit, before broadcasting", DIE_AFTER_COMMIT)
    os._exit(70)
