"""Back office: orders are read-only, with their lines and timeline (the menu's admin is in menu/)."""

from django.contrib import admin

from orders.models import Order, OrderLine, OrderTimelineEntry
from staff.admin_mixins import ReadOnlyAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("position", "item_name", "size", "toppings_list", "quantity", "special_instructions",
              "unit_price", "line_total", "is_ready")
    readonly_fields = fields

    @admin.display(description="Toppings")
    def toppings_list(self, line: OrderLine):
        return ", ".join(line.topping_names) or "—"


class TimelineInline(ReadOnlyInline):
    model = OrderTimelineEntry
    fields = ("occurred_at", "event_type", "summary")
    readonly_fields = fields
    verbose_name_plural = "Timeline"


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    """Orders change only through commands, so the admin shows them read-only."""

    list_display = ("number", "customer_name", "status", "fulfilment", "payment_method", "total_amount",
                    "placed_at", "estimated_ready_at", "cook_name")
    list_filter = ("status", "fulfilment", "payment_method", "placed_at")
    search_fields = ("public_id", "customer_name", "customer_phone", "customer_email")
    date_hierarchy = "placed_at"
    inlines = (OrderLineInline, TimelineInline)
    fieldsets = (
        ("Order", {"fields": ("public_id", "status", "total_amount", "notes")}),
        ("Customer", {"fields": ("customer_name", "customer_phone", "customer_email", "customer",
                                 "fulfilment", "delivery_address", "payment_method", "payment_reference")}),
        ("Times", {"fields": ("placed_at", "confirmed_at", "cooking_started_at", "estimated_ready_at",
                              "ready_at", "out_for_delivery_at", "completed_at", "cancelled_at",
                              "cancellation_reason")}),
        ("Staff", {"fields": ("cook_name", "driver_name")}),
    )

    @admin.display(description="#", ordering="pk")
    def number(self, order: Order):
        return order.pk
