"""The notification log, read-only: rows are written by the queued event handlers and their
delivery tasks (whose retries and final failures show under "Task Results")."""

from django.contrib import admin

from staff.admin_mixins import OrderNumberColumn, ReadOnlyAdmin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(OrderNumberColumn, ReadOnlyAdmin):
    list_display = ("created_at", "order_number", "event_type", "channel", "recipient", "status", "attempts",
                    "sent_at")
    list_filter = ("channel", "status", "event_type")
    search_fields = ("recipient", "order__public_id", "order__customer_name")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    fields = ("order", "event_type", "event_id", "channel", "recipient", "subject", "body", "status", "attempts",
              "last_error", "created_at", "sent_at")
    readonly_fields = fields
