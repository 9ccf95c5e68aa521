"""Who is acting: staff users by id, and the name the screens show for them."""

from __future__ import annotations

from django.contrib.auth import get_user_model


class StaffDirectory:
    def get(self, user_id: int | None):
        if user_id is None:
            return None
        return get_user_model().objects.filter(pk=user_id, is_active=True).first()

    @staticmethod
    def display_name(user) -> str:
        return (user.get_full_name() or user.get_username()) if user is not None else ""
