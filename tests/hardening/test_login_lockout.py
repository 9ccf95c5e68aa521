"""django-axes: repeated wrong passwords lock that username from that address, site and admin alike."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


def sign_in(client, password, username="cook", path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password})


def test_the_site_login_locks_after_the_failure_limit_and_says_so(menu):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    failures = [sign_in(client, f"wrong-{n}").status_code for n in range(limit - 1)]
    assert set(failures) == {200}  # the form again, "please enter a correct username and password"

    locked = sign_in(client, "wrong-last")
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    body = locked.content.decode()
    assert "Too many failed sign-in attempts" in body and 'name="username" value="cook"' in body

    # Even the right password is refused while locked, and the page still keeps the username.
    again = sign_in(client, "cook-demo")
    assert again.status_code == 429 and 'name="username" value="cook"' in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_and_address(menu):
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, f"wrong-{n}")
    assert sign_in(attacker, "cook-demo").status_code == 429

    cook_in_the_kitchen = Client(REMOTE_ADDR="203.0.113.10")
    assert sign_in(cook_in_the_kitchen, "cook-demo").status_code == 302  # the real cook still signs in


def test_the_admin_login_locks_too_and_a_manager_can_unlock_from_the_admin(menu):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"wrong-{n}", username="manager", path="/admin/login/?next=/admin/")
    locked = sign_in(client, "manager-demo", username="manager", path="/admin/login/?next=/admin/")
    assert locked.status_code == 429 and "Too many failed sign-in attempts" in locked.content.decode()

    superuser = get_user_model().objects.create_superuser("owner", password="owner-pass-123")
    owner = Client()
    owner.force_login(superuser)
    attempt = AccessAttempt.objects.get(username="manager")
    assert owner.get("/admin/axes/accessattempt/").status_code == 200
    owner.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "manager-demo", username="manager", path="/admin/login/?next=/admin/").status_code == 302


def test_an_overlong_username_is_counted_bounded_and_never_crashes(menu):
    """axes keeps usernames in a 255-character column (PostgreSQL refuses longer ones)."""
    response = sign_in(Client(), "wrong", username="u" * 5000)
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "u" * 150
