"""State only: the lead source model now lives in parties (same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0003_grant_cause_participant"),
        ("parties", "0009_lead_source"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="opportunity",
                    name="lead_source",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="parties.leadsource",
                        verbose_name="lead source",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
