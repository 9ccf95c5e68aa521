from django.contrib import admin
from django.urls import include, path

from api.api import api

admin.site.site_header = "Mario's Pizzeria — back office"
admin.site.site_title = "Mario's Pizzeria"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("kitchen/", include("kitchen.urls")),
    path("delivery/", include("delivery.urls")),
    path("ready-board/", include("ready_board.urls")),
    path("reports/", include("reports.urls")),
    path("api/", api.urls),
    path("", include("orders.urls")),
]
