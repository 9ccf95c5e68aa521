"""Benchmark set-up on a scratch database: the demo menu and accounts, and a signed-in cook.

Prints one JSON line: {"cookie": "<session cookie of the cook>"} for the kitchen sockets.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand

from orders.demo_data import load_demo_data


class Command(BaseCommand):
    help = "Benchmark set-up: demo data and a cook's session cookie (JSON)."

    def handle(self, *args, **options):
        load_demo_data()
        cook = get_user_model().objects.get(username="cook")
        session = SessionStore()
        session.update({
            "_auth_user_id": str(cook.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": cook.get_session_auth_hash(),
        })
        session.save()
        self.stdout.write(json.dumps({"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}))
