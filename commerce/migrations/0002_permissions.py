"""Model-level permissions of the role groups on commerce. Which orders, reviews and shopping
lists a user sees follows their customer (whoever may see the customer party)."""

from django.db import migrations

from crm import role_permissions

READ = ["view_product", "view_productcategory", "view_order", "view_productreview"]
READ += ["view_shoppinglist"]

GROUP_PERMISSIONS = {
    "Sales Rep": [*READ, "add_order"],
    "Sales Manager": [*READ, "add_order", "change_order"],
    # CSRs take phone orders, move them along, moderate reviews and keep shopping lists.
    "Customer Service": [
        *READ,
        "add_order",
        "change_order",
        "change_productreview",
        "add_shoppinglist",
        "change_shoppinglist",
    ],
    "Marketing": ["view_product", "view_productcategory", "view_productreview"],
    "Administrator": ["*"],
}


def forwards(apps, schema_editor):
    role_permissions.grant(apps, "commerce", GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    role_permissions.revoke(apps, "commerce", GROUP_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("commerce", "0001_initial"), ("crm", "0002_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
