"""Every error under /api/ is JSON, including those Django or django-ninja answer themselves
(405 for an unsupported method, 404 for an unknown path, 403 for a failed CSRF check)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

API_PREFIX = "/api/"


def as_json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not request.path.startswith(API_PREFIX) or response.status_code < 400:
        return response
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    body = json.dumps({"error": response.reason_phrase or "Request failed.", "fields": {}})
    replacement = HttpResponse(body, status=response.status_code, content_type="application/json")
    if response.has_header("Allow"):
        replacement["Allow"] = response["Allow"]
    return replacement


class JsonApiErrorsMiddleware(MiddlewareMixin):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return as_json_error(request, response)
