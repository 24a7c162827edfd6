"""A prefix index for the global search's two-character terms on PostgreSQL: `istartswith`
on a lead's company compiles to UPPER(company_name::text) LIKE UPPER('in%'), which this btree
with text_pattern_ops serves (as parties.0014 does for names). SQLite runs the same LIKE
without it (same results)."""

from django.db import migrations

NAME, TABLE, COLUMN = "lead_company_name_prefix", "leads_lead", "company_name"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} (UPPER({COLUMN}) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("leads", "0005_lead_partner")]

    operations = [migrations.RunPython(create, drop)]
