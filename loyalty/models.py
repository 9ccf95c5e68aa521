"""Loyalty points: one award per completed order of a customer with an account."""

from django.conf import settings
from django.db import models

from orders.models import Order


class LoyaltyAward(models.Model):
    # One-to-one: an order is awarded once however often its event is published.
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="loyalty_award")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loyalty_awards")
    points = models.PositiveIntegerField()
    awarded_at = models.DateTimeField()

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        indexes = [models.Index(fields=["user", "-awarded_at"])]

    def __str__(self) -> str:
        return f"{self.points} points for order #{self.order_id}"
