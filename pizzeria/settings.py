"""Settings for Mario's Pizzeria, read from the environment.

Embedded default: SQLite file, in-memory channel layer, local-memory cache (nothing to install).
Scale-out: DATABASE_URL (PostgreSQL) and REDIS_URL (channels_redis + Redis cache), shared by
several Daphne processes.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

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
    "django_htmx",
    "template_partials",
    "phonenumber_field",
    "pizzeria.application",
    "orders",
    "kitchen",
    "delivery",
    "notifications",
    "loyalty",
    "reports",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "api.middleware.JsonApiErrorsMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "kitchen.context_processors.staff_links",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
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
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_pizzeria"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# --- auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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
        "orders.commands",
        "orders.queries",
        "orders.event_handlers",
        "kitchen.commands",
        "kitchen.queries",
        "kitchen.event_handlers",
        "delivery.commands",
        "delivery.queries",
        "delivery.event_handlers",
        "notifications.commands",
        "notifications.event_handlers",
        "loyalty.commands",
        "loyalty.queries",
        "loyalty.event_handlers",
        "reports.queries",
    ],
    # Outermost first.
    "BEHAVIORS": [
        "pizzeria.application.behaviors.LoggingBehavior",
        "pizzeria.application.idempotency.IdempotencyBehavior",
        "pizzeria.application.behaviors.ValidationBehavior",
        "pizzeria.application.behaviors.TransactionBehavior",
        "pizzeria.application.behaviors.QueryCachingBehavior",
    ],
    # Port -> implementation, injected into handler constructors by type.
    "SERVICES": {
        "pizzeria.application.events.EventStore": "orders.timeline.OrderTimelineStore",
        "orders.services.Clock": "orders.services.SystemClock",
        "orders.services.PaymentGateway": "orders.services.BuiltInPaymentGateway",
        "notifications.senders.SmsSender": "notifications.senders.RecordingSmsSender",
    },
}

# --- the pizzeria's own rules ---------------------------------------------------------------
PIZZERIA = {
    "OPENING_HOURS": os.environ.get("PIZZERIA_OPENING_HOURS", "11:00-23:00"),
    "ALWAYS_OPEN": env_bool("PIZZERIA_ALWAYS_OPEN", False),
    "KITCHEN_CAPACITY": int(os.environ.get("PIZZERIA_KITCHEN_CAPACITY", "20")),
    "DELIVERY_MINUTES": int(os.environ.get("PIZZERIA_DELIVERY_MINUTES", "20")),
    # How long the kitchen can undo a ticket's last step.
    "RECALL_SECONDS": int(os.environ.get("PIZZERIA_RECALL_SECONDS", "120")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "pizzeria": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "orders": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "kitchen": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "delivery": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "notifications": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "loyalty": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}

# Absolute links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
