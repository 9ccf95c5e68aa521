"""Signals that take live sockets away from users who lost the right to them.

* ``user_logged_out`` (sent before the session is flushed): that session's sockets close now.
* A change to a user's groups (either side of the relation, including ``clear()``), a user's
  deactivation, deletion or superuser change, and a group's rename or deletion: the users
  concerned have their sockets authorise again, which closes those refused (``pizzeria.live``).

The signal fires in the process making the change; the message goes through the channel layer,
so with Redis it reaches the sockets of every process. Connected by ``OrdersConfig.ready()``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, user_logged_out
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from pizzeria.live import close_session_sockets, recheck_users

_MEMBERS = "_live_members_before"  # stashed on a Group between pre_ and post_ signals


def signed_out(sender, request=None, user=None, **kwargs) -> None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        close_session_sockets(session_key)


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:  # user.groups.add/remove/set/clear(): the instance is the user
        if action in ("post_add", "post_remove", "post_clear"):
            recheck_users([instance.pk])
        return
    # group.user_set.add/remove/set/clear(): the instance is the group, pk_set the users
    if action == "pre_clear":
        setattr(instance, _MEMBERS, list(instance.user_set.values_list("pk", flat=True)))
    elif action == "post_clear":
        recheck_users(getattr(instance, _MEMBERS, ()))
    elif action in ("post_add", "post_remove"):
        recheck_users(pk_set or ())


def user_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if created:
        return
    if update_fields is not None and not {"is_active", "is_superuser"} & set(update_fields):
        return  # e.g. last_login on every sign-in
    recheck_users([instance.pk])


def user_deleted(sender, instance, **kwargs) -> None:
    recheck_users([instance.pk])


def group_saved(sender, instance, created, **kwargs) -> None:
    if not created:  # a renamed group is a different role
        recheck_users(instance.user_set.values_list("pk", flat=True))


def group_deleting(sender, instance, **kwargs) -> None:
    setattr(instance, _MEMBERS, list(instance.user_set.values_list("pk", flat=True)))


def group_deleted(sender, instance, **kwargs) -> None:
    recheck_users(getattr(instance, _MEMBERS, ()))


def connect_receivers() -> None:
    user_model = get_user_model()
    uid = "pizzeria.live_revocation."
    user_logged_out.connect(signed_out, dispatch_uid=uid + "signed_out")
    m2m_changed.connect(groups_changed, sender=user_model.groups.through, dispatch_uid=uid + "groups_changed")
    post_save.connect(user_saved, sender=user_model, dispatch_uid=uid + "user_saved")
    post_delete.connect(user_deleted, sender=user_model, dispatch_uid=uid + "user_deleted")
    post_save.connect(group_saved, sender=Group, dispatch_uid=uid + "group_saved")
    pre_delete.connect(group_deleting, sender=Group, dispatch_uid=uid + "group_deleting")
    post_delete.connect(group_deleted, sender=Group, dispatch_uid=uid + "group_deleted")
