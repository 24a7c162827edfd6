"""Prefix indexes for the global search's two-character terms on PostgreSQL: `istartswith`
compiles to UPPER(col::text) LIKE UPPER('wu%'), which a btree on UPPER(col) with
text_pattern_ops serves as a range scan whatever the collation ("Wu" finds Wu Fang by the
display name and Ann Wu by the last name). A trigram index cannot serve a two-letter term.
SQLite runs the same LIKE without them (same results)."""

from django.db import migrations

INDEXES = [
    ("party_display_name_prefix", "parties_party", "display_name"),
    ("party_last_name_prefix", "parties_party", "last_name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (UPPER({column}) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("parties", "0013_partnership_permissions")]

    operations = [migrations.RunPython(create, drop)]
