"""Model-level permissions of the role groups on partnerships. Partners are shared business
records: every staff role reads them; Sales Managers (and administrators) add and change
them. A partner's channel manager may change its terms too (parties.selectors.partners)."""

from django.db import migrations

from crm import role_permissions

READ = ["view_partnership"]

GROUP_PERMISSIONS = {
    "Sales Rep": READ,
    "Sales Manager": [*READ, "add_partnership", "change_partnership"],
    "Customer Service": READ,
    "Marketing": READ,
    "Administrator": [*READ, "add_partnership", "change_partnership", "delete_partnership"],
}
CODENAMES = {codename for codenames in GROUP_PERMISSIONS.values() for codename in codenames}


def forwards(apps, schema_editor):
    role_permissions.grant(apps, "parties", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    # Only the partnership permissions: the groups keep their other parties permissions.
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="parties", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("parties", "0012_partnership"), ("crm", "0002_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
