from django.contrib.auth import views as auth_views
from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("", views.menu, name="menu"),
    path("cart/", views.cart_page, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/lines/<str:line_id>/quantity/", views.cart_quantity, name="cart_quantity"),
    path("cart/lines/<str:line_id>/remove/", views.cart_remove, name="cart_remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/forget-details/", views.forget_details, name="forget_details"),
    path("checkout/when/", views.checkout_when, name="checkout_when"),
    path("orders/", views.order_history, name="order_history"),
    path("orders/<str:order_id>/", views.order_detail, name="order_detail"),
    path("orders/<str:order_id>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<str:order_id>/reorder/", views.order_reorder, name="order_reorder"),
    path("accounts/login/", views.CustomerLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/details/", views.profile_details, name="profile_details"),
]
