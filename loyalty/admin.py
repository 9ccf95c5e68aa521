"""Loyalty awards, read-only: they are written only by AwardLoyaltyPointsCommand."""

from django.contrib import admin

from staff.admin_mixins import OrderNumberColumn, ReadOnlyAdmin

from loyalty.models import LoyaltyAward


@admin.register(LoyaltyAward)
class LoyaltyAwardAdmin(OrderNumberColumn, ReadOnlyAdmin):
    list_display = ("awarded_at", "user", "order_number", "points")
    list_filter = ("awarded_at",)
    search_fields = ("user__username", "user__email", "order__public_id")
    list_select_related = ("user", "order")
    date_hierarchy = "awarded_at"
    fields = ("order", "user", "points", "awarded_at")
    readonly_fields = fields
