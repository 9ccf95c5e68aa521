"""Loyalty awards, read-only: they are written only by AwardLoyaltyPointsCommand."""

from django.contrib import admin

from loyalty.models import LoyaltyAward


@admin.register(LoyaltyAward)
class LoyaltyAwardAdmin(admin.ModelAdmin):
    list_display = ("awarded_at", "user", "order_number", "points")
    list_filter = ("awarded_at",)
    search_fields = ("user__username", "user__email", "order__public_id")
    list_select_related = ("user", "order")
    date_hierarchy = "awarded_at"
    fields = ("order", "user", "points", "awarded_at")
    readonly_fields = fields

    @admin.display(description="Order", ordering="order_id")
    def order_number(self, award: LoyaltyAward):
        return f"#{award.order_id}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
