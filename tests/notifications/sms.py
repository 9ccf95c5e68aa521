"""An SMS gateway the tests can take down and bring back (shared by the notification and outbox tests)."""

from __future__ import annotations

from notifications.senders import RecordedSms, SmsSender


class SwitchableSmsSender(SmsSender):
    """Fails while ``down``, then records like the built-in sender."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.sent: list[RecordedSms] = []

    def send(self, *, to: str, body: str) -> None:
        if self.down:
            raise ConnectionError("SMS gateway unreachable")
        self.sent.append(RecordedSms(to=to, body=body))
