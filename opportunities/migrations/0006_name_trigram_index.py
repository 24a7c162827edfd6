"""A trigram index for the global search on PostgreSQL: `icontains` on the name compiles to
UPPER(name) LIKE UPPER('%term%'), which this GIN index serves (as parties.0002 does for
names). SQLite runs the same LIKE without it (same results)."""

from django.db import migrations

NAME, TABLE, COLUMN = "opportunity_name_trgm", "opportunities_opportunity", "name"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} USING gin (UPPER({COLUMN}) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0005_grant_tables_from_one_base")]

    operations = [migrations.RunPython(create, drop)]
