"""LeadSource moves from the leads app to parties (a party's source points at it, and parties
sit below leads). State only: the table stays `leads_leadsource`; its content type, and with
it the permissions the role groups hold, is relabelled."""

import django.db.models.deletion
from django.db import migrations, models


def relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="leadsource").exists():
        ContentType.objects.filter(app_label=old, model="leadsource").update(app_label=new)


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "leads", "parties")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "parties", "leads")


def source_field(**extra):
    return models.ForeignKey(
        blank=True,
        null=True,
        related_name="+",
        to="parties.leadsource",
        verbose_name="source",
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("leads", "0002_lead_sources_and_permissions"),
        ("parties", "0008_grant_cause_participant"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LeadSource",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                        ("active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="position"),
                        ),
                    ],
                    options={
                        "verbose_name": "lead source",
                        "verbose_name_plural": "lead sources",
                        "db_table": "leads_leadsource",
                        "ordering": ["position", "name"],
                    },
                ),
                migrations.AlterField(
                    model_name="party",
                    name="source",
                    field=source_field(on_delete=django.db.models.deletion.PROTECT),
                ),
                migrations.AlterField(
                    model_name="historicalparty",
                    name="source",
                    field=source_field(
                        db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
