"""Trigram indexes for search on PostgreSQL: `icontains` on names and contact mechanism values
compiles to UPPER(col) LIKE UPPER('%term%'), which these GIN indexes serve. SQLite keeps the
same LIKE semantics (same results) without them."""

from django.db import migrations

INDEXES = [
    ("party_display_name_trgm", "parties_party", "display_name"),
    ("contactmech_value_trgm", "parties_contactmech", "value"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("parties", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
