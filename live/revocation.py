"""Taking live sockets away from users who lost the right to them.

A signed-in user's sockets also join a group for their session and one for their user (named
here). Signals:

* ``user_logged_out`` (sent before the session is flushed): that session's sockets close now.
* A change to a user's groups (either side of the relation, including ``clear()``), a user's
  deactivation, deletion or superuser change, and a group's rename or deletion: the users
  concerned have their sockets authorise again, which closes those refused (``live.consumers``).

The signal fires in the process making the change; the message goes through the channel layer,
so with Redis it reaches the sockets of every process. Connected by ``OrdersConfig.ready()``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable
from functools import partial
from importlib import import_module

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import (BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend,
                                 user_logged_out)
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.crypto import constant_time_compare

logger = logging.getLogger(__name__)

SIGNED_OUT_MESSAGE = "live.signed_out"  # to a session's group: close now
RECHECK_MESSAGE = "live.recheck"        # to a user's group: authorise again

DEFAULT_RECHECK_SECONDS = 30


# --- the groups a signed-in socket also joins ---------------------------------------------------
def session_group(session_key: str) -> str:
    """A session's sockets. Hashed: group names travel through Redis and logs; keys must not."""
    return "live-session-" + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def user_group(user_id: int | str) -> str:
    return f"live-user-{user_id}"


def _group_send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # the usual case: sync code (a view, the admin, a command) in a thread without a loop
    else:  # sync ORM code run inside an event loop (only tests do that): no way to send from here
        logger.warning("Live sockets of %s not told to re-check: called inside a running event loop", group)
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # a signal must never fail sign-out or an admin edit; the recheck interval remains
        logger.exception("Could not tell the live sockets of %s to re-check", group)


def close_session_sockets(session_key: str) -> None:
    """Close every live socket of this session now (it is signing out)."""
    _group_send(session_group(session_key), {"type": SIGNED_OUT_MESSAGE})


def recheck_users(user_ids: Iterable[int]) -> None:
    """Make these users' live sockets authorise again, once the current transaction commits (so
    they read the change that caused it); nothing happens for a rolled-back change."""
    ids = sorted({int(pk) for pk in user_ids if pk is not None})
    if ids:
        transaction.on_commit(partial(_send_rechecks, ids))


def _send_rechecks(user_ids: list[int]) -> None:
    for user_id in user_ids:
        _group_send(user_group(user_id), {"type": RECHECK_MESSAGE})


def session_user(session_key: str | None) -> tuple[str | None, object | None]:
    """Who this session is signed in as right now, read afresh: (the user id it holds, or None once
    signed out; the user when still allowed in — active, password unchanged — else None).

    The checks of ``django.contrib.auth.get_user``, without changing the session.
    """
    if not session_key:
        return None, None
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None, None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None, None
    user = load_backend(backend_path).get_user(user_id)  # None for an inactive or deleted user
    if user is None or not getattr(user, "is_active", True):
        return str(user_id), None
    if hasattr(user, "get_session_auth_hash"):
        session_hash = session.get(HASH_SESSION_KEY) or ""
        hashes = [user.get_session_auth_hash(), *getattr(user, "get_session_auth_fallback_hash", list)()]
        if not session_hash or not any(constant_time_compare(session_hash, known) for known in hashes):
            return str(user_id), None
    return str(user_id), user


def recheck_seconds() -> float:
    return float(getattr(settings, "LIVE_PERMISSION_RECHECK_SECONDS", DEFAULT_RECHECK_SECONDS))


# --- the signals ------------------------------------------------------------------------------
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
    uid = "live.revocation."
    user_logged_out.connect(signed_out, dispatch_uid=uid + "signed_out")
    m2m_changed.connect(groups_changed, sender=user_model.groups.through, dispatch_uid=uid + "groups_changed")
    post_save.connect(user_saved, sender=user_model, dispatch_uid=uid + "user_saved")
    post_delete.connect(user_deleted, sender=user_model, dispatch_uid=uid + "user_deleted")
    post_save.connect(group_saved, sender=Group, dispatch_uid=uid + "group_saved")
    pre_delete.connect(group_deleting, sender=Group, dispatch_uid=uid + "group_deleting")
    post_delete.connect(group_deleted, sender=Group, dispatch_uid=uid + "group_deleted")
