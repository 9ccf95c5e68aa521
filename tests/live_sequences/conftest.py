"""The websocket tests' fixtures: consumers' worker-thread connections are closed after each test."""

from tests.live.conftest import _close_thread_connections  # noqa: F401  (autouse fixture)
