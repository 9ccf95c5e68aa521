"""The project's deployment checks, run by `python manage.py check --deploy`."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import split_domain_port, validate_host

# settings.SITE_URL's default: right for `make run` on this machine only.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs) -> list[Warning]:
    """Emails link to SITE_URL: in production it must be the site's public address."""
    if settings.DEBUG:
        return []
    site_url = settings.SITE_URL.rstrip("/")
    if site_url == DEFAULT_SITE_URL:
        return [Warning(
            f"SITE_URL is still the default {DEFAULT_SITE_URL}, so links in customers' emails point "
            "at the server's own loopback address.",
            hint="Set SITE_URL to the site's public address, e.g. SITE_URL=https://pizza.example.",
            id="pizzeria.W001",
        )]
    parts = urlsplit(site_url)
    host, _port = split_domain_port(parts.netloc)
    if parts.scheme not in {"http", "https"} or not host:
        return [Warning(
            f"SITE_URL {site_url!r} is not an absolute http(s) address, so links in emails are broken.",
            hint="Set SITE_URL to the site's public address, e.g. SITE_URL=https://pizza.example.",
            id="pizzeria.W002",
        )]
    if not validate_host(host, settings.ALLOWED_HOSTS):
        return [Warning(
            f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS, so links in emails would be refused.",
            hint="Add it to ALLOWED_HOSTS, or correct SITE_URL.",
            id="pizzeria.W003",
        )]
    return []
