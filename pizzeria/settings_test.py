"""Test settings: the real settings with a fast password hasher (demo users are created per test)."""

import os

# Test-only defaults, set before the real settings read them (and in os.environ, so the Daphne
# processes that browser and scale-out tests start inherit them). Tests need no environment.
# DEBUG stays off (the production default; Django's test runner forces it off anyway), so a
# secret is needed; the test client speaks plain http, so no https redirect or secure cookies.
os.environ.setdefault("SECRET_KEY", "test-only-insecure-key-never-use-it-in-production-7f3a9c1e5b2d8f4a6c0e")
os.environ.setdefault("PIZZERIA_HTTPS", "0")

from pizzeria.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files straight from the apps' folders, as in development: no collectstatic needed.
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = True

# Queued side effects run right after commit, in the test's thread, so tests outside tests/outbox/
# see their emails and texts without a worker. tests/outbox/ switches to the database backend.
# A worker process started by a test (PIZZERIA_TEST_TASKS=database) uses the real queue.
if os.environ.get("PIZZERIA_TEST_TASKS") != "database":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
