"""State only: the lead source model moved to parties (parties.0009), keeping this table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0002_lead_sources_and_permissions"),
        ("opportunities", "0004_lead_source_in_parties"),
        ("parties", "0009_lead_source"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LeadSource")],
            database_operations=[],
        ),
    ]
