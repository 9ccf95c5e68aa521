from tests.live.conftest import _close_thread_connections  # noqa: F401  (autouse: websocket tests' thread connections)
