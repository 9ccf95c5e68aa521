"""Back office: managers edit the menu; every change reaches open menus and cached queries."""

from django.contrib import admin
from django.db.models import QuerySet

from menu.changes import announce_menu_changed
from menu.models import MenuItem, Topping


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
