from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.sales, name="sales"),
    path("sales.csv", views.sales_csv, name="sales_csv"),
]
