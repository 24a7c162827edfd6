"""Seed OFBiz's lead sources and give the role groups their model-level permissions on
leads and marketing. Record-level rights on leads are the lead party's guardian grants."""

from django.db import migrations

from crm import role_permissions

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
    try:
        LeadSource = apps.get_model("leads", "LeadSource")
    except LookupError:  # the tests call this with today's models: it moved (parties.0009)
        LeadSource = apps.get_model("parties", "LeadSource")
    for position, (code, name) in enumerate(LEAD_SOURCES, start=1):
        LeadSource.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def forwards(apps, schema_editor):
    seed_lead_sources(apps, schema_editor)
    role_permissions.grant(apps, "leads", GROUP_PERMISSIONS)
    # Where LeadSource has moved to parties (today's models), its permissions are there.
    role_permissions.grant(apps, "parties", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    role_permissions.revoke(apps, "leads", GROUP_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("crm", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
