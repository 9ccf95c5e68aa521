"""Every error under /api/ is JSON, including those Django or django-ninja answer themselves
(405 for an unsupported method, 404 for an unknown path, 403 for a failed CSRF check)."""

from __future__ import annotations

import json

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse

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


class JsonApiErrorsMiddleware:
    async_capable = True
    sync_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if iscoroutinefunction(self):
            return self._acall(request)
        return as_json_error(request, self.get_response(request))

    async def _acall(self, request: HttpRequest):
        return as_json_error(request, await self.get_response(request))
