"""Admin pieces shared by the apps."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written only by commands and event handlers: viewable, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrderNumberColumn:
    """A "#12" column for models with an ``order`` foreign key."""

    @admin.display(description="Order", ordering="order_id")
    def order_number(self, obj):
        return f"#{obj.order_id}"
