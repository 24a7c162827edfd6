"""A prefix index for the global search's two-character terms on PostgreSQL: `istartswith`
on a deal's name compiles to UPPER(name::text) LIKE UPPER('gl%'), which this btree
with text_pattern_ops serves (as parties.0014 does for names). SQLite runs the same LIKE
without it (same results)."""

from django.db import migrations

NAME, TABLE, COLUMN = "opportunity_name_prefix", "opportunities_opportunity", "name"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} (UPPER({COLUMN}) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0007_opportunity_partner")]

    operations = [migrations.RunPython(create, drop)]
