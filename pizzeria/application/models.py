"""The mediator's own table: results of idempotent commands, so a repeat returns the first result."""

from django.db import models


class ProcessedCommand(models.Model):
    # sha256 of (command type, caller scope, client key): the raw key and session never stored.
    digest = models.CharField(max_length=64, unique=True)
    command_type = models.CharField(max_length=120)
    fingerprint = models.CharField(max_length=64, help_text="HMAC of the request, to refuse a reused key.")
    result = models.JSONField()
    processed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "processed command"

    def __str__(self) -> str:
        return f"{self.command_type} {self.digest[:12]}"
