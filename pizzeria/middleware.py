"""Oversized requests answer 413 Content Too Large: JSON under /api/, the branded page elsewhere.

Django refuses a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (or a form with more than
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields) only when something first reads it: the CSRF check,
a form, django-ninja's parser. By then the exception can only become a bare 400. This middleware
reads the body once, up front, so the limits are enforced in one place before any of them:

* a ``Content-Length`` over the limit is refused without reading anything;
* a body without one (``Transfer-Encoding: chunked``) is measured as Django buffered it;
* a form is parsed here, so too many fields is caught too.

The app takes no file uploads, so every body, multipart included, is held to the limit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.deprecation import MiddlewareMixin

API_PREFIX = "/api/"
BODILESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def body_too_large_message() -> str:
    return f"The request is too large: the limit is {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KiB."


def too_many_fields_message() -> str:
    return f"The form has too many fields: the limit is {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}."


def refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"error": message, "fields": {}}, status=status)
    if status == 413:
        return HttpResponse(render_to_string("413.html", {"message": message}), status=413)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def check_request_size(request: HttpRequest) -> HttpResponse | None:
    """None when the request is within the limits, else the response that refuses it."""
    if request.method in BODILESS_METHODS:
        return None
    raw_length = request.META.get("CONTENT_LENGTH") or "0"
    if not raw_length.isdigit():  # Django would fail on int() later with a 500
        return refusal(request, 400, "The Content-Length header is not a number.")
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and int(raw_length) > limit:
        return refusal(request, 413, body_too_large_message())
    try:
        request.body  # noqa: B018  (reads and caches it; measures a body sent without a length)
        if request.content_type in FORM_CONTENT_TYPES:
            request.POST  # noqa: B018  (parses it; counts the fields)
    except RequestDataTooBig:
        return refusal(request, 413, body_too_large_message())
    except (TooManyFieldsSent, TooManyFilesSent):
        return refusal(request, 413, too_many_fields_message())
    return None


class RequestSizeLimitMiddleware(MiddlewareMixin):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        return check_request_size(request)
