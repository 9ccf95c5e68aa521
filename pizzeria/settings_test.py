"""Test settings: the real settings with a fast password hasher (demo users are created per test)."""

from pizzeria.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files straight from the apps' folders, as in development: no collectstatic needed.
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = True
