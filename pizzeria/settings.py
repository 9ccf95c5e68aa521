"""Settings for Mario's Pizzeria, read from the environment.

Embedded default: SQLite file, in-memory channel layer, local-memory cache (nothing to install).
Scale-out: DATABASE_URL (PostgreSQL) and REDIS_URL (channels_redis + Redis cache), shared by
several Daphne processes.
"""

import os
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def rate_limit_setting(value: str) -> str | None:
    """A django-ratelimit rate such as "5/10m", or None for "off"; anything else stops start-up."""
    value = value.strip().lower()
    if value in {"off", "0", "none", "false"}:
        return None
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        raise ImproperlyConfigured(f"A rate limit must look like 5/10m (or be off), not {value!r}.")
    return value


def money_setting(name: str, default: str, *, most: str, places: int) -> Decimal:
    """A non-negative amount from the environment (e.g. PIZZERIA_DELIVERY_FEE=3.50); a typo stops start-up."""
    raw = os.environ.get(name, default).strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not Decimal("0") <= value <= Decimal(most) or value != round(value, places):
        raise ImproperlyConfigured(f"{name} must be a number from 0 to {most} with at most {places} decimals, not {raw!r}.")
    return value


# --- security and production ----------------------------------------------------------------
# Off unless asked for: the technical 404 and 500 pages list every URL pattern and the settings.
DEBUG = env_bool("DEBUG", False)
# Signs sessions, CSRF tokens, order access links and idempotency keys. With DEBUG=0 there is no
# fallback: a public key would let anyone forge them. `make run` keeps a random one in .secret_key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 (the default) the app refuses to start without it: set "
            "SECRET_KEY to 50+ random characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set DEBUG=1 for development."
        )
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# One switch for HTTPS. On (the default when DEBUG=0): http is redirected to https, the session and
# CSRF cookies are sent over https only, and HSTS is on. Off (PIZZERIA_HTTPS=0; the default when
# DEBUG=1, and what `make run` uses for its demo on http://127.0.0.1:8000): none of the three.
PIZZERIA_HTTPS = env_bool("PIZZERIA_HTTPS", not DEBUG)
# Behind a TLS-ending reverse proxy, set TRUSTED_PROXIES (see the end of this file).
SECURE_SSL_REDIRECT = PIZZERIA_HTTPS
SESSION_COOKIE_SECURE = PIZZERIA_HTTPS
CSRF_COOKIE_SECURE = PIZZERIA_HTTPS
# HSTS: browsers refuse plain http to this host for SECURE_HSTS_SECONDS (default one year, the
# least the preload list accepts; start lower, e.g. 3600, while trying https out).
# SECURE_HSTS_INCLUDE_SUBDOMAINS=1 (default) extends that to every subdomain, so all of them must
# serve https. SECURE_HSTS_PRELOAD=1 (default) makes the domain eligible for the browsers' built-in
# list, a separate, slow-to-undo submission at hstspreload.org. Setting either to 0 is a documented
# choice, so `check --deploy` stops warning about exactly that one (security.W005 / W021, below).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if PIZZERIA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp 4): only this site's own files, no inline script or style.
# htmx's injected indicator <style> is turned off in base.html (the rules are in pizzeria.css) and
# bar widths come from data-pct via static/js/bars.js. connect-src 'self' also covers the
# same-origin ws:/wss: live sockets (CSP Level 3). Scripts setting element.style stay allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Request bodies. The largest legitimate one is an order: at most 30 lines, and with every field at
# its longest about 40 KiB of JSON or form data, ~110 KiB if every character arrives escaped
# (an emoji is 12 bytes as \ud83c\udf55 or %F0%9F%8D%95). Admin menu forms are a few KiB. 256 KiB
# leaves a margin even then (tests/security/test_request_size.py places such an order).
# The app takes no file uploads, so pizzeria.middleware.RequestSizeLimitMiddleware holds every
# body to this limit and answers 413 (JSON under /api/, a page elsewhere), never a 400 or a 500.
# Put the same cap on a proxy in front (nginx: client_max_body_size 256k): Daphne itself reads
# a whole body before Django sees it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
# Form fields per request: checkout and add-to-cart send a few dozen. The busiest form is an admin
# change list with editable columns: up to 100 rows (list_per_page) x 5 inputs (id, price, two
# checkboxes, the row's action checkbox) + ~10 = ~510, hence 600 rather than Django's 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 600

INSTALLED_APPS = [
    "daphne",  # first: its runserver serves HTTP and websockets
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "ninja",  # its /api/docs page then uses the bundled Swagger UI (no CDN, no inline script: CSP)
    "django_htmx",
    "template_partials",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",  # the task queue's table, its admin ("Task Results") and `db_worker`
    "pizzeria.application",
    "pizzeria.apps.PizzeriaConfig",  # the project's own system checks (SITE_URL)
    "menu",
    "orders",
    "staff",  # roles, permission checks, staff directory and navigation: below every board
    "kitchen",
    "delivery",
    "notifications",
    "loyalty",
    "reports",
    "ready_board",  # the shop's public order-ready screen
    "api",
    "bench",  # benchmarks and the load test (management commands only; no models)
    "live",  # live screens: frames with stream sequence numbers, heartbeat, the consumer base
    "axes",  # last: login lockout (its admin lets a manager unlock)
]

# All sync-capable: pizzeria.asgi runs the chain and the view in one thread hop. Static files are
# served in front of it by ServeStatic (pizzeria.asgi), which is async-only.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost of what writes bodies: pages and JSON leave compressed (the menu is ~180 KB of HTML,
    # ~15 KB gzipped, on a phone's connection). Django pads each response against BREACH, and
    # CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",  # early: every response, errors included, carries the policy
    "api.middleware.JsonApiErrorsMiddleware",
    "pizzeria.middleware.RequestSizeLimitMiddleware",  # 413 before anything reads an oversized body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "pizzeria.urls"
ASGI_APPLICATION = "pizzeria.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% partialdef %} everywhere, without a {% load %} in every template.
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orders.context_processors.cart",
                "staff.context_processors.staff_links",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent, health-checked connections, kept by the consumers' pool threads and by the
        # request threads (pizzeria/request_threads.py: a few long-lived ones, not one per request).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing
        # with "database is locked" half-way through; WAL lets readers run beside a writer.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not :memory:: the Daphne process of live-server tests must see the same database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PIZZERIA_TEST_DB", str(BASE_DIR / "test_db.sqlite3"))}
else:
    # Explicit, so the live server's Daphne process does not prefix "test_" a second time.
    # PIZZERIA_TEST_DB as a plain name (no "/") gives concurrent test runs their own database.
    _test_db = os.environ.get("PIZZERIA_TEST_DB", "")
    DATABASES["default"]["TEST"] = {
        "NAME": _test_db if _test_db and "/" not in _test_db else f"test_{DATABASES['default']['NAME']}_pizzeria"
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Threads per Daphne process for the sync half of HTTP requests, each keeping one database
# connection; a request that finds them all busy waits for one (so connections stay bounded).
PIZZERIA_REQUEST_THREADS = int(os.environ.get("PIZZERIA_REQUEST_THREADS", "8"))
if PIZZERIA_REQUEST_THREADS < 1:
    raise ImproperlyConfigured(f"PIZZERIA_REQUEST_THREADS must be at least 1, not {PIZZERIA_REQUEST_THREADS}.")

# --- channel layer and cache ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 defaults (5 s socket timeout, 100 connections) break the layer's
                # blocking reads and bursts of sockets: see shared/DESIGN.md.
                "hosts": [{"address": REDIS_URL, "socket_timeout": None, "max_connections": 4000}],
                "capacity": 500,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pizzeria",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds between heartbeats telling each live screen its stream's latest sequence number (a
# screen that missed a frame resyncs within one beat); at most 10, 0 turns them off.
PIZZERIA_LIVE_HEARTBEAT_SECONDS = min(float(os.environ.get("PIZZERIA_LIVE_HEARTBEAT_SECONDS", "5")), 10.0)
# Live sockets one client address may hold open without signing in, per process (menu, order
# pages, the shop's ready board); 0 = no cap. Staff sockets are not counted.
LIVE_ANONYMOUS_SOCKETS_PER_CLIENT = int(os.environ.get("PIZZERIA_ANONYMOUS_SOCKETS_PER_CLIENT", "20"))

# --- auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed logins (site and admin) and locks the username from that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PIZZERIA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PIZZERIA_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # a typo-prone colleague can't lock out the shop
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "pizzeria.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "pizzeria.lockout.locked_out"
AXES_USERNAME_CALLABLE = "pizzeria.lockout.attempted_username"

# Reverse proxies (IPs or CIDRs) whose X-Forwarded-For / X-Forwarded-Proto are believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

# django-ratelimit counts in the default cache (Redis when REDIS_URL is set, so limits hold across
# processes; the embedded default's local-memory cache is shared by its single process).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "pizzeria.client_ip.client_ip"
RATELIMIT_IPV6_MASK = 64
SILENCED_SYSTEM_CHECKS = [
    "django_ratelimit.E003",  # local memory is "not shared": true across processes, fine for one process
    "django_ratelimit.W001",  # Django's own RedisCache increments atomically; the check predates it
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- i18n, time, money ----------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = os.environ.get("PHONE_REGION", "US")
CURRENCY_SYMBOL = "$"

# --- static files ---------------------------------------------------------------------------
# ServeStatic is ASGI-native (WhiteNoise would run through the sync adapter under Daphne).
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# collectstatic writes a gzipped copy beside each file, which ServeStatic sends to browsers that
# accept it (no manifest: a page never fails for a file collectstatic has not seen yet).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "servestatic.storage.CompressedStaticFilesStorage"},
}


def static_file_headers(headers, path, url) -> None:
    """Static files are served ahead of the middleware (see pizzeria.asgi): the header that
    matters for scripts and stylesheets, which SecurityMiddleware adds to every other response."""
    headers["X-Content-Type-Options"] = "nosniff"


SERVESTATIC_ADD_HEADERS_FUNCTION = static_file_headers

# --- mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mario's Pizzeria <orders@marios.example>")

# --- the mediator ---------------------------------------------------------------------------
MEDIATOR = {
    # Packages scanned (recursively) for commands, queries and their handlers.
    "HANDLER_MODULES": [
        "menu.commands",
        "menu.queries",
        "orders.commands",
        "orders.queries",
        "orders.event_handlers",
        "kitchen.commands",
        "kitchen.queries",
        "kitchen.event_handlers",
        "ready_board.queries",
        "ready_board.event_handlers",
        "delivery.commands",
        "delivery.queries",
        "delivery.event_handlers",
        "notifications.event_handlers",
        "loyalty.commands",
        "loyalty.queries",
        "loyalty.event_handlers",
        "reports.queries",
    ],
    # Outermost first.
    "BEHAVIORS": [
        "pizzeria.application.behaviors.LoggingBehavior",
        "pizzeria.application.compensation.CompensationBehavior",
        "pizzeria.application.idempotency.IdempotencyBehavior",
        "pizzeria.application.behaviors.ValidationBehavior",
        "pizzeria.application.behaviors.TransactionBehavior",
        "live.behaviors.StreamSequenceBehavior",  # inside the transaction: numbers roll back with it
        "pizzeria.application.behaviors.QueryCachingBehavior",
    ],
    # Port -> implementation, injected into handler constructors by type.
    "SERVICES": {
        "pizzeria.application.events.EventStore": "orders.timeline.OrderTimelineStore",
        "orders.services.Clock": "orders.services.SystemClock",
        "orders.services.PaymentGateway": "orders.services.BuiltInPaymentGateway",
        "notifications.senders.SmsSender": "notifications.senders.RecordingSmsSender",
    },
    # A failed queued task (a side effect) runs again after each of these delays in seconds,
    # then stays FAILED with its error in the admin.
    "QUEUED_RETRY_DELAYS": (10, 30, 120, 600, 1800),
    # A task still RUNNING after this long lost its worker (killed mid-run): `manage.py worker` requeues it.
    "STALE_TASK_SECONDS": int(os.environ.get("PIZZERIA_STALE_TASK_SECONDS", "300")),
    # Days the worker keeps finished task rows (the admin's history): successful, failed. The
    # once-per-event records go after the longer of the two.
    "KEEP_TASK_RESULTS_DAYS": int(os.environ.get("PIZZERIA_KEEP_TASK_RESULTS_DAYS", "14")),
    "KEEP_FAILED_TASK_RESULTS_DAYS": int(os.environ.get("PIZZERIA_KEEP_FAILED_TASK_RESULTS_DAYS", "30")),
}

# Sections that apps above `orders` add to the customer's profile page (orders imports none of them).
PIZZERIA_PROFILE_PANELS = ["loyalty.profile_panel.loyalty_panel"]

# --- the task queue (django-tasks, database backend) -----------------------------------------
# Queued event handlers are written to this database in the command's transaction (the outbox)
# and run by `python manage.py worker` (`make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- the pizzeria's own rules ---------------------------------------------------------------
PIZZERIA = {
    "OPENING_HOURS": os.environ.get("PIZZERIA_OPENING_HOURS", "11:00-23:00"),
    "ALWAYS_OPEN": env_bool("PIZZERIA_ALWAYS_OPEN", False),
    "KITCHEN_CAPACITY": int(os.environ.get("PIZZERIA_KITCHEN_CAPACITY", "20")),
    "DELIVERY_MINUTES": int(os.environ.get("PIZZERIA_DELIVERY_MINUTES", "20")),
    # Money lines (menu/pricing.py): a fee on delivery orders (dollars) and sales tax (a percent of
    # subtotal + fee, rounded half up to the cent). Both 0 by default.
    "DELIVERY_FEE": money_setting("PIZZERIA_DELIVERY_FEE", "0", most="100", places=2),
    "TAX_RATE": money_setting("PIZZERIA_TAX_RATE", "0", most="100", places=3),
    # The promise model (orders/eta.py): pizzas in the oven at once, and minutes each holds its place.
    "OVEN_CAPACITY": int(os.environ.get("PIZZERIA_OVEN_CAPACITY", "4")),
    "PREP_MINUTES_PER_PIZZA": int(os.environ.get("PIZZERIA_PREP_MINUTES_PER_PIZZA", "12")),
    # Order ahead (orders/scheduling.py): a slot every N minutes, at most this many orders per slot,
    # and a scheduled order reaches the kitchen board this long before its slot.
    "SLOT_MINUTES": int(os.environ.get("PIZZERIA_SLOT_MINUTES", "15")),
    "SLOT_CAPACITY": int(os.environ.get("PIZZERIA_SLOT_CAPACITY", "4")),
    "SCHEDULE_LEAD_MINUTES": int(os.environ.get("PIZZERIA_SCHEDULE_LEAD_MINUTES", "30")),
    # How long the kitchen can undo a ticket's last step.
    "RECALL_SECONDS": int(os.environ.get("PIZZERIA_RECALL_SECONDS", "120")),
    # Words that flag a ticket when a customer writes them (comma-separated; plurals match too;
    # unset: orders.allergens.DEFAULT_ALLERGY_WORDS).
    **({"ALLERGY_WORDS": tuple(w.strip() for w in os.environ["PIZZERIA_ALLERGY_WORDS"].split(",") if w.strip())}
       if os.environ.get("PIZZERIA_ALLERGY_WORDS") else {}),
    # A ticket turns "warning" this many minutes before its promise, and "late" once it passes.
    "TICKET_WARNING_MINUTES": int(os.environ.get("PIZZERIA_TICKET_WARNING_MINUTES", "5")),
    # Staff boards show a screenful per column, oldest first, with exact counts and "+N more":
    # at most this many tickets, at most this many lines per ticket, and at most this many bytes
    # of ticket HTML per column (long or hostile text cannot push a page or frame past 64 KB).
    "BOARD_COLUMN_LIMIT": int(os.environ.get("PIZZERIA_BOARD_COLUMN_LIMIT", "12")),
    "BOARD_TICKET_LINES": int(os.environ.get("PIZZERIA_BOARD_TICKET_LINES", "8")),
    "BOARD_COLUMN_BYTES": int(os.environ.get("PIZZERIA_BOARD_COLUMN_BYTES", "18000")),
    # Orders one client (IP address) or one phone number may place: "<count>/<period>" with a
    # period like 30s, 10m, 1h, or "off" (load tests and benchmarks). Each attempt counts.
    "ORDER_RATE_LIMIT": rate_limit_setting(os.environ.get("PIZZERIA_ORDER_RATE_LIMIT", "5/10m")),
    # Wrong API tokens one address may send before it waits.
    "API_TOKEN_FAILURE_LIMIT": rate_limit_setting(os.environ.get("PIZZERIA_API_TOKEN_FAILURE_LIMIT", "10/5m")),
}

# One handler, on the root logger: the app's loggers (INFO by default) and everyone's warnings
# reach it once. A handler on each app logger as well printed every line twice under Daphne, whose
# command line gives the root logger a handler of its own (replaced here).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        name: {"level": os.environ.get("LOG_LEVEL", "INFO")}
        for name in ("pizzeria", "orders", "kitchen", "delivery", "notifications", "loyalty", "live")
    },
}

# The public address of the site, e.g. https://pizza.example: every link in an email (the order
# page with its access token) starts with it. The default only suits `make run` on this machine;
# `manage.py check --deploy` warns when it is left so with DEBUG=0 (pizzeria.W001).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- decided last, from the sections above ----------------------------------------------------
# A TLS-ending proxy (TRUSTED_PROXIES) tells Django a request came in over https with
# X-Forwarded-Proto, believed only when proxies are configured; the proxy must set it on every
# request, overwriting the client's. Without it, behind such a proxy every request looks like http
# and the https redirect loops.
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS without subdomains or preload is the operator's documented choice (see PIZZERIA_HTTPS).
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
