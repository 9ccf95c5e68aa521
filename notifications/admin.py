"""The notification log, read-only: rows are written by event handlers and the retry command."""

from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "order_number", "event_type", "channel", "recipient", "status", "attempts",
                    "next_attempt_at", "sent_at")
    list_filter = ("channel", "status", "event_type")
    search_fields = ("recipient", "order__public_id", "order__customer_name")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    fields = ("order", "event_type", "channel", "recipient", "subject", "body", "status", "attempts", "last_error",
              "next_attempt_at", "created_at", "sent_at")
    readonly_fields = fields

    @admin.display(description="Order", ordering="order_id")
    def order_number(self, notification: Notification):
        return f"#{notification.order_id}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
