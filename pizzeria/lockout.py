"""What a locked-out login sees (django-axes): the login form again, with why and for how long.

The site login and the admin login keep their own pages; the username typed stays in the form.
A manager unlocks someone by deleting their "access attempts" in the admin (Axes section).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def lockout_message() -> str:
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return (f"Too many failed sign-in attempts for this account from your address. Sign-in is locked for "
            f"{minutes} minutes; a manager can unlock it sooner.")


def locked_out(request, original_response=None, credentials=None):
    form = AuthenticationForm(request, initial={"username": attempted_username(request, credentials)})
    message = lockout_message()
    if request.path.startswith("/admin/"):
        context = {**admin.site.each_context(request), "form": form, "title": "Log in",
                   "app_path": request.get_full_path(), "lockout_message": message}
        response = render(request, "admin/login.html", context, status=429)
    else:
        response = render(request, "registration/login.html", {"form": form, "lockout_message": message}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def attempted_username(request, credentials=None) -> str:
    """The username a failed sign-in is counted under, bounded like Django's (150): axes stores it in
    a 255-character column, and a longer one typed into the form must not crash the login."""
    username = (credentials or {}).get("username") or getattr(request, "POST", {}).get("username", "")
    return str(username)[:150]
