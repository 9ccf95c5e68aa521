"""Back office: managers edit the menu; orders are read-only with their timeline."""

from django.contrib import admin
from django.db.models import QuerySet

from orders.menu_changes import announce_menu_changed
from orders.models import MenuItem, Order, OrderLine, OrderTimelineEntry, Topping
from staff.admin_mixins import ReadOnlyAdmin


class AnnouncesMenuChanges(admin.ModelAdmin):
    """Every save, delete and bulk action re-publishes the menu (invalidating cached menus)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after the M2M toppings are saved
        announce_menu_changed([form.instance.slug])

    def delete_model(self, request, obj):
        slug = obj.slug
        super().delete_model(request, obj)
        announce_menu_changed([slug])

    def delete_queryset(self, request, queryset: QuerySet):
        slugs = list(queryset.values_list("slug", flat=True))
        super().delete_queryset(request, queryset)
        announce_menu_changed(slugs)

    @admin.action(description="Mark selected as available")
    def mark_available(self, request, queryset: QuerySet):
        self._set_available(request, queryset, True)

    @admin.action(description="Mark selected as sold out")
    def mark_sold_out(self, request, queryset: QuerySet):
        self._set_available(request, queryset, False)

    def _set_available(self, request, queryset: QuerySet, available: bool):
        slugs = list(queryset.values_list("slug", flat=True))
        updated = queryset.update(is_available=available)
        announce_menu_changed(slugs)
        self.message_user(request, f"{updated} marked {'available' if available else 'sold out'}.")


@admin.register(MenuItem)
class MenuItemAdmin(AnnouncesMenuChanges):
    list_display = ("name", "slug", "category", "base_price", "small_price", "large_price",
                    "preparation_minutes", "is_seasonal", "is_available")
    list_editable = ("base_price", "is_seasonal", "is_available")
    list_filter = ("category", "is_seasonal", "is_available")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("allowed_toppings",)
    actions = ("mark_available", "mark_sold_out")
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "description", "position")}),
        ("Price and kitchen", {"fields": ("base_price", "preparation_minutes")}),
        ("Availability", {"fields": ("is_available", "is_seasonal")}),
        ("Toppings", {"fields": ("allowed_toppings",)}),
    )

    @admin.display(description="Small (0.8×)")
    def small_price(self, item: MenuItem):
        return item.price_for("small") if "small" in item.offered_sizes else "—"

    @admin.display(description="Large (1.3×)")
    def large_price(self, item: MenuItem):
        return item.price_for("large") if "large" in item.offered_sizes else "—"


@admin.register(Topping)
class ToppingAdmin(AnnouncesMenuChanges):
    list_display = ("name", "slug", "price", "is_available")
    list_editable = ("price", "is_available")
    list_filter = ("is_available",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    actions = ("mark_available", "mark_sold_out")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A topping's price or availability shows on every item that allows it.
        announce_menu_changed(form.instance.menu_items.values_list("slug", flat=True))


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
