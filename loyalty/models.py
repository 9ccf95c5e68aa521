"""Loyalty points as a ledger: an award when an order is completed, a reversal when the kitchen
recalls that completion. The balance is the sum of the entries."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from orders.models import Order


class EntryKind(models.TextChoices):
    AWARD = "award", "Award"
    REVERSAL = "reversal", "Reversal"


class LoyaltyAward(models.Model):
    """One ledger entry (named for what most of them are)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="loyalty_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loyalty_awards")
    kind = models.CharField(max_length=10, choices=EntryKind.choices, default=EntryKind.AWARD)
    points = models.IntegerField(help_text="Negative for a reversal.")
    # The event that caused the entry: an event is booked once however often it is delivered.
    event_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    reverses = models.OneToOneField("self", on_delete=models.CASCADE, null=True, blank=True, related_name="reversal")
    awarded_at = models.DateTimeField()

    class Meta:
        verbose_name = "loyalty ledger entry"
        verbose_name_plural = "loyalty ledger"
        ordering = ["-awarded_at", "-pk"]
        indexes = [models.Index(fields=["user", "-awarded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=EntryKind.AWARD, points__gte=0, reverses__isnull=True)
                | Q(kind=EntryKind.REVERSAL, points__lte=0, reverses__isnull=False),
                name="loyalty_entry_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} points for order #{self.order_id}"
