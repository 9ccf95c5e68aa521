"""The staff screens a user may open, in header order (one group lookup per request)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from staff.roles import is_delivery_staff, is_kitchen_staff, is_manager


@dataclass(frozen=True)
class StaffLink:
    label: str
    url: str


def staff_links_for(user) -> tuple[StaffLink, ...]:
    links = []
    if is_kitchen_staff(user):
        links.append(StaffLink("Kitchen", reverse("kitchen:board")))
        links.append(StaffLink("Finished", reverse("kitchen:finished")))
        links.append(StaffLink("86 & busy", reverse("kitchen:menu")))
    if is_delivery_staff(user):
        links.append(StaffLink("Delivery", reverse("delivery:board")))
    if is_manager(user):
        links.append(StaffLink("Reports", reverse("reports:sales")))
    return tuple(links)
