"""ASGI entry point: Django for HTTP, Channels for websockets (authenticated, origin-checked).

Process-level tuning for the Daphne processes that import this module (see the README's
"Benchmarks"): the garbage collector is frozen after start-up with higher thresholds, and HTTP
requests run on a few long-lived threads that keep their database connections
(``pizzeria.request_threads``).
"""

import gc
import os

import django
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler

from pizzeria.request_threads import RequestThreadPool

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pizzeria.settings")


class OneHopASGIHandler(ASGIHandler):
    """Django's ASGI handler with its middleware chain built sync and run in one thread hop.

    Django's async chain runs each sync middleware's process_request and process_response through
    ``sync_to_async``: about twenty thread hops per request around the (sync) view. Here the whole
    chain (settings.MIDDLEWARE, all sync-capable) and the view run in one hop, as under WSGI.
    Static files are answered before it, on the loop, by ServeStatic (async-only, so it sits outside
    the sync chain rather than in MIDDLEWARE).

    Each request's sync code runs on a thread borrowed from a small pool (not one made for it and
    thrown away), so its database connection is reused by the next request.
    """

    threads: RequestThreadPool | None = None  # made on first use, with settings loaded

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        pool = type(self).threads
        if pool is None or pool.pid != os.getpid():  # e.g. a server forked from a process that served
            pool = type(self).threads = RequestThreadPool(settings.PIZZERIA_REQUEST_THREADS)
        executor = await pool.acquire()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            pool.release(executor)

    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)
        from servestatic.middleware import ServeStaticMiddleware

        self._serve_static_or = ServeStaticMiddleware(self._in_one_hop)

    async def _in_one_hop(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)

    async def get_response_async(self, request):
        return await self._serve_static_or(request)


# Build Django's app first: it sets up the ORM before the routing below imports consumers.
django.setup(set_prefix=False)
django_asgi_app = OneHopASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from live.origin import SameOriginValidator  # noqa: E402
from pizzeria.routing import websocket_urlpatterns  # noqa: E402
from pizzeria.socket_limits import AnonymousSocketLimit  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Same scheme, host and port as the page (or a trusted origin), then the session's user,
        # then a cap on the sockets one address holds open without signing in.
        "websocket": SameOriginValidator(AuthMiddlewareStack(AnonymousSocketLimit(URLRouter(websocket_urlpatterns)))),
    }
)


def tune_garbage_collector(setting: str) -> None:
    """gc.freeze() moves everything start-up created (modules, URL patterns, templates' code,
    settings) out of the collector's sight, so no collection scans it again (the p99 tail). The
    thresholds keep every young collection short: a young generation of 2,000 objects takes ~1 ms
    and the middle one, collected every 5th time, ~3 ms (with 10,000 and 20 the middle one took
    36-79 ms, every ~600 requests; ``python -m bench.gc_pauses``), while full collections stay
    rare. PIZZERIA_GC="700,10,10" restores CPython's thresholds, "off" leaves the collector untouched."""
    if setting.strip().lower() == "off":
        return
    get_resolver().url_patterns  # import every view now, so their modules are frozen too
    gc.collect()
    gc.freeze()
    gc.set_threshold(*(int(part) for part in setting.split(",")))


tune_garbage_collector(os.environ.get("PIZZERIA_GC", "2000,5,100"))
