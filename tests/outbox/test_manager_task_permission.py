"""A Manager group made before the task queue existed is given the right to read task results."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

migration = importlib.import_module("staff.migrations.0001_managers_see_task_results")


@pytest.mark.django_db
def test_an_existing_manager_group_is_granted_task_results():
    managers = Group.objects.create(name="Manager")
    cooks = Group.objects.create(name="Kitchen")

    migration.grant_task_results(apps, None)

    assert list(managers.permissions.values_list("codename", flat=True)) == ["view_dbtaskresult"]
    assert not cooks.permissions.exists()
