from django.urls import path

from delivery import views

app_name = "delivery"

urlpatterns = [
    path("", views.board, name="board"),
    path("orders/<str:order_id>/take/", views.take, name="take"),
    path("orders/<str:order_id>/depart/", views.depart, name="depart"),
    path("orders/<str:order_id>/delivered/", views.delivered, name="delivered"),
]
