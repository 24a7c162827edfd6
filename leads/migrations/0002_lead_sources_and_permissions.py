"""Seed OFBiz's lead sources and give the role groups their model-level permissions on
leads and marketing. Record-level rights on leads are the lead party's guardian grants."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEAD_SOURCES = [
    ("cold-call", "Cold call"),
    ("existing-customer", "Existing customer"),
    ("self-generated", "Self generated"),
    ("employee", "Employee"),
    ("partner", "Partner"),
    ("public-relations", "Public relations"),
    ("direct-mail", "Direct mail"),
    ("conference", "Conference"),
    ("trade-show", "Trade show"),
    ("web-site", "Web site"),
    ("word-of-mouth", "Word of mouth"),
    ("e-mail", "E-mail"),
    ("campaign", "Campaign"),
    ("other", "Other"),
]

SALES = ["add_lead", "view_marketingcampaign", "view_contactlist", "view_leadsource"]
MARKETING = [
    "add_lead",
    "view_leadsource",
    "add_marketingcampaign",
    "change_marketingcampaign",
    "view_marketingcampaign",
    "add_contactlist",
    "change_contactlist",
    "view_contactlist",
]
GROUP_PERMISSIONS = {
    "Sales Rep": SALES,
    "Sales Manager": SALES,
    "Customer Service": ["add_lead"],
    "Marketing": MARKETING,
    "Administrator": ["*"],
}


def seed_lead_sources(apps, schema_editor):
    LeadSource = apps.get_model("leads", "LeadSource")
    for position, (code, name) in enumerate(LEAD_SOURCES, start=1):
        LeadSource.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def grant_group_permissions(apps, schema_editor):
    """Idempotent: the tests' role_groups fixture calls it again after a flush."""
    app_config = apps.get_app_config("leads")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    leads_permissions = Permission.objects.filter(content_type__app_label="leads")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames == ["*"]:
            group.permissions.add(*leads_permissions)
        else:
            group.permissions.add(*leads_permissions.filter(codename__in=codenames))


def forwards(apps, schema_editor):
    seed_lead_sources(apps, schema_editor)
    grant_group_permissions(apps, schema_editor)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="leads"))


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("crm", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
