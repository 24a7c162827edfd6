from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = _("Notes and files")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notes import panels, timeline

        # The "Notes and files" panel on every record page that shows panels.
        panels.register_panels()
        # And each note and file on the record's timeline.
        timeline.register_sources()
