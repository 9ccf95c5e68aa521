from django.urls import path

from kitchen import views

app_name = "kitchen"

urlpatterns = [
    path("", views.board, name="board"),
    path("finished/", views.finished, name="finished"),
    path("all-day/", views.all_day, name="all_day"),
    path("menu/", views.menu_availability, name="menu"),
    path("menu/availability/", views.set_availability, name="set_availability"),
    path("menu/busy/", views.busy_mode, name="busy_mode"),
    path("orders/<str:order_id>/start/", views.start_cooking, name="start_cooking"),
    path("orders/<str:order_id>/lines/<int:position>/ready/", views.pizza_ready, name="pizza_ready"),
    path("orders/<str:order_id>/ready/", views.order_ready, name="order_ready"),
    path("orders/<str:order_id>/picked-up/", views.picked_up, name="picked_up"),
    path("orders/<str:order_id>/recall/", views.recall, name="recall"),
]
