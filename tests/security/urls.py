"""A test-only URLconf: the real site plus views that fail in each way an error page covers."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from pizzeria.urls import urlpatterns as site_urlpatterns


def server_error(request):
    raise RuntimeError("boom: a bug in a view")


def forbidden(request):
    raise PermissionDenied


def bad_request(request):
    raise SuspiciousOperation("a tampered request")


urlpatterns = [
    path("test-errors/500/", server_error),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", bad_request),
    *site_urlpatterns,
]
