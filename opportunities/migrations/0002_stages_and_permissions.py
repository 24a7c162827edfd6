"""Seed the stages of DESIGN.md and give the role groups their model-level permissions on
opportunities. Record-level rights come from the opportunity's guardian grants."""

from django.db import migrations

from crm import role_permissions

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


def forwards(apps, schema_editor):
    seed_stages(apps, schema_editor)
    role_permissions.grant(apps, "opportunities", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    role_permissions.revoke(apps, "opportunities", GROUP_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0001_initial"),
        ("crm", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
