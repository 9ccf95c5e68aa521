"""Sections other apps add to the customer's profile page (e.g. loyalty points).

The apps that react to orders sit above ``orders``; so that ``orders`` never imports them, the
page asks the functions named in ``settings.PIZZERIA_PROFILE_PANELS`` for its extra sections.
Each takes the request and returns rendered HTML (or "" to show nothing).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString


@cache
def _panel_functions(paths: tuple[str, ...]):
    return [import_string(path) for path in paths]


def profile_panels(request: HttpRequest) -> list[SafeString]:
    panels = _panel_functions(tuple(getattr(settings, "PIZZERIA_PROFILE_PANELS", ())))
    return [html for html in (panel(request) for panel in panels) if html]
