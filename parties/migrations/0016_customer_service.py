"""Two global rights on customers that no record grant expresses (DESIGN §4):

- `change_customer_contact`: Customer Service (and administrators) change any customer's
  contact details, payment preference and consent, not its owner, sharing, names or other
  fields (parties.selectors.visibility.customer_service_actions);
- `list_customers`: Marketing (and administrators) see every customer's names, e-mail
  addresses, phone numbers and consent for list building (the customer list, a reduced
  customer page, contact lists), not its orders, cases, reviews or journey
  (parties.selectors.visibility.listable_q)."""

from django.db import migrations

from crm import role_permissions

CUSTOM_PERMISSIONS = {
    "change_customer_contact": "Can change a customer's contact details, payment and consent",
    "list_customers": "Can see customers' names and consent for list building",
}
GROUP_PERMISSIONS = {
    "Customer Service": ["change_customer_contact"],
    "Marketing": ["list_customers"],
    "Administrator": ["change_customer_contact", "list_customers"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    party_type, _ = ContentType.objects.get_or_create(app_label="parties", model="party")
    for codename, name in CUSTOM_PERMISSIONS.items():
        Permission.objects.get_or_create(
            content_type=party_type, codename=codename, defaults={"name": name}
        )
    role_permissions.grant(apps, "parties", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="parties", codename__in=CUSTOM_PERMISSIONS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0015_tags"),
        ("crm", "0002_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
