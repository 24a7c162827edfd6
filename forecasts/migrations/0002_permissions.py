"""Model-level permissions of the role groups on forecasts. Which forecasts a user sees is
decided per record (the rep's own, a manager's team's; administrators all)."""

from django.db import migrations

from crm import role_permissions

GROUP_PERMISSIONS = {
    "Sales Rep": ["view_salesforecast"],
    "Sales Manager": ["view_salesforecast", "add_quota", "change_quota"],
    "Administrator": ["*"],
}


def forwards(apps, schema_editor):
    role_permissions.grant(apps, "forecasts", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    role_permissions.revoke(apps, "forecasts", GROUP_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("forecasts", "0001_initial"), ("crm", "0002_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
