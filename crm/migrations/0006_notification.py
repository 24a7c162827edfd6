import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("crm", "0005_savedview"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=32, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("text", models.CharField(max_length=300, verbose_name="text")),
                ("url", models.CharField(blank=True, max_length=500, verbose_name="link")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                ("in_app", models.BooleanField(default=True)),
                ("digested_at", models.DateTimeField(blank=True, null=True)),
                ("dedupe_key", models.CharField(blank=True, default="", max_length=100)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "indexes": [
                    models.Index(
                        fields=["recipient", "read_at", "-created_at"],
                        name="notification_unread_idx",
                    ),
                    models.Index(
                        fields=["recipient", "in_app", "-created_at", "-id"],
                        name="notification_list_idx",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("dedupe_key", ""), _negated=True),
                        fields=("recipient", "dedupe_key"),
                        name="notification_dedupe_uniq",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="NotificationPreference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=32, verbose_name="kind")),
                ("in_app", models.BooleanField(default=True, verbose_name="in the app")),
                ("digest", models.BooleanField(default=False, verbose_name="in the daily e-mail")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preferences",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "notification preference",
                "indexes": [
                    models.Index(fields=["digest", "user"], name="notificationpref_digest_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "kind"), name="notificationpreference_uniq"
                    )
                ],
            },
        ),
    ]
