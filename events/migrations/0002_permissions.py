"""Model-level permissions of the role groups on events. Which events a user sees is decided
per record (owner, user participants, grants; a manager the team's)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Sales Rep": ["add_event"],
    "Sales Manager": ["add_event"],
    "Customer Service": ["add_event"],
    "Marketing": ["add_event"],
    "Administrator": ["*"],
}


def forwards(apps, schema_editor):
    """Idempotent: the tests' role_groups fixture calls it again after a flush."""
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="events")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames == ["*"]:
            group.permissions.add(*permissions)
        else:
            group.permissions.add(*permissions.filter(codename__in=codenames))


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="events"))


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("crm", "0002_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
