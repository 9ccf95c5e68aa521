"""The sequence number of each live stream (the kitchen board, the delivery board, one order)."""

from django.db import models


class StreamSequence(models.Model):
    """Bumped in the transaction of every command whose events change what the stream shows, so a
    screen can compare the last frame it saw with the latest committed change."""

    stream = models.CharField(max_length=120, primary_key=True)
    seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.stream} #{self.seq}"
