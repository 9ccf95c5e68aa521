"""Websocket routes of every app (filled in by the live-update work)."""

websocket_urlpatterns: list = []
