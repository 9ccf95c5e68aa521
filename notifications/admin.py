"""The notification log, read-only: rows are written by event handlers and the retry command."""

from django.contrib import admin

from staff.admin_mixins import OrderNumberColumn, ReadOnlyAdmin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(OrderNumberColumn, ReadOnlyAdmin):
    list_display = ("created_at", "order_number", "event_type", "channel", "recipient", "status", "attempts",
                    "next_attempt_at", "sent_at")
    list_filter = ("channel", "status", "event_type")
    search_fields = ("recipient", "order__public_id", "order__customer_name")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    fields = ("order", "event_type", "channel", "recipient", "subject", "body", "status", "attempts", "last_error",
              "next_attempt_at", "created_at", "sent_at")
    readonly_fields = fields
