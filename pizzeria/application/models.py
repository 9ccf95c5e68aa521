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


class ProcessedEvent(models.Model):
    """One row per (queued handler, event) that has run: written in the handler's own transaction,
    so a redelivered task finds it and does nothing (exactly once per handler and event)."""

    handler = models.CharField(max_length=200, help_text="Import path of the event handler.")
    event_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=120)
    aggregate_id = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=20, default="handled",
                               help_text="handled, or cancelled when a recall pre-empted the handler.")
    processed_at = models.DateTimeField()

    class Meta:
        verbose_name = "processed event"
        constraints = [models.UniqueConstraint(fields=["handler", "event_id"], name="one_run_per_handler_and_event")]
        indexes = [models.Index(fields=["aggregate_id", "event_type"]),
                   models.Index(fields=["processed_at"], name="processed_event_age")]  # pruning

    def __str__(self) -> str:
        return f"{self.handler.rsplit('.', 1)[-1]} on {self.event_type} {self.event_id[:12]} ({self.outcome})"
