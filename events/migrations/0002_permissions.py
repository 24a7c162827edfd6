"""Model-level permissions of the role groups on events. Which events a user sees is decided
per record (owner, user participants, grants; a manager the team's)."""

from django.db import migrations

from crm import role_permissions

GROUP_PERMISSIONS = {
    "Sales Rep": ["add_event"],
    "Sales Manager": ["add_event"],
    "Customer Service": ["add_event"],
    "Marketing": ["add_event"],
    "Administrator": ["*"],
}


def forwards(apps, schema_editor):
    role_permissions.grant(apps, "events", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    role_permissions.revoke(apps, "events", GROUP_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("crm", "0002_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
