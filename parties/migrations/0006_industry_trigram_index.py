"""Trigram index for the accounts list's "industry contains" filter (PostgreSQL only)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS party_industry_trgm ON parties_party "
            "USING gin (UPPER(industry) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS party_industry_trgm")


class Migration(migrations.Migration):
    dependencies = [("parties", "0005_party_owner_status_index")]

    operations = [migrations.RunPython(create, drop)]
