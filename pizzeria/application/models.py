"""The mediator's own table: results of idempotent commands, so a repeat returns the first result."""

from django.db import models


class ProcessedCommand(models.Model):
    key = models.CharField(max_length=255, unique=True)
    command_type = models.CharField(max_length=120)
    result = models.BinaryField()
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "processed command"

    def __str__(self) -> str:
        return self.key
