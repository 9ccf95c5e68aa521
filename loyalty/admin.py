"""The loyalty ledger, read-only: written only by the award and reversal commands."""

from django.contrib import admin

from staff.admin_mixins import OrderNumberColumn, ReadOnlyAdmin

from loyalty.models import LoyaltyAward


@admin.register(LoyaltyAward)
class LoyaltyAwardAdmin(OrderNumberColumn, ReadOnlyAdmin):
    list_display = ("awarded_at", "user", "order_number", "kind", "points")
    list_filter = ("kind", "awarded_at")
    search_fields = ("user__username", "user__email", "order__public_id")
    list_select_related = ("user", "order")
    date_hierarchy = "awarded_at"
    fields = ("order", "user", "kind", "points", "reverses", "event_id", "awarded_at")
    readonly_fields = fields
