"""Model-level permissions of the role groups on support. CSRs work every case; sales reps and
managers read the cases of the customers they may see and may add internal notes; which
cases a user sees is support.selectors' rule."""

from django.db import migrations

from crm import role_permissions

READ = ["view_case", "view_casenote", "view_casestatuschange", "view_queue", "view_servicelevel"]

GROUP_PERMISSIONS = {
    "Sales Rep": [*READ, "add_casenote"],
    "Sales Manager": [*READ, "add_casenote"],
    "Customer Service": [*READ, "add_case", "change_case", "add_casenote", "add_caseevent"],
    "Administrator": ["*"],
}


def forwards(apps, schema_editor):
    role_permissions.grant(apps, "support", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    role_permissions.revoke(apps, "support", GROUP_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial"), ("crm", "0002_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
