"""Seed the stages of DESIGN.md and give the role groups their model-level permissions on
opportunities. Record-level rights come from the opportunity's guardian grants."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAGES = [
    ("Prospecting", 10, "open"),
    ("Qualification", 20, "open"),
    ("Needs analysis", 40, "open"),
    ("Proposal", 60, "open"),
    ("Negotiation", 80, "open"),
    ("Closed won", 100, "won"),
    ("Closed lost", 0, "lost"),
]

GROUP_PERMISSIONS = {
    "Sales Rep": ["add_opportunity"],
    "Sales Manager": ["add_opportunity"],
    "Administrator": ["*"],
}


def seed_stages(apps, schema_editor):
    Stage = apps.get_model("opportunities", "OpportunityStage")
    for position, (name, probability, kind) in enumerate(STAGES, start=1):
        Stage.objects.get_or_create(
            name=name, defaults={"position": position, "probability": probability, "kind": kind}
        )


def grant_group_permissions(apps, schema_editor):
    """Idempotent: the tests' role_groups fixture calls it again after a flush."""
    app_config = apps.get_app_config("opportunities")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="opportunities")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames == ["*"]:
            group.permissions.add(*permissions)
        else:
            group.permissions.add(*permissions.filter(codename__in=codenames))


def forwards(apps, schema_editor):
    seed_stages(apps, schema_editor)
    grant_group_permissions(apps, schema_editor)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="opportunities")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0001_initial"),
        ("crm", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
