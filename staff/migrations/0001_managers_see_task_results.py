"""Managers read the task queue's results in the admin (retries, failed side effects with their
errors). New databases get this from the demo data; this gives it to a Manager group made before."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGER_GROUP = "Manager"  # staff.roles.MANAGER_GROUP_NAME, as it was when this was written


def grant_task_results(apps, schema_editor):
    tasks_app = apps.get_app_config("django_tasks_database")
    tasks_app.models_module = True  # create_permissions skips apps without models in migrations
    create_permissions(tasks_app, apps=apps, verbosity=0)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="django_tasks_database", codename="view_dbtaskresult").first()
    if permission is not None:
        for group in Group.objects.filter(name=MANAGER_GROUP):
            group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(grant_task_results, migrations.RunPython.noop)]
