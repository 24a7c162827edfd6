"""The note forms: add (a text and/or a file) and edit (the text, with the version it was
loaded at)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import VersionedFormMixin
from notes import files
from notes.models import Note

BODY_MAX = Note._meta.get_field("body").max_length
MARKDOWN_HELP = _(
    "**bold**, *italic*, `code`, lists, > quotes and links. Mention a colleague with @username."
)


class NoteAddForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=BODY_MAX,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args, notes: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, images, text or CSV, Office and OpenDocument files, at most %(limit)s."
        ) % {"limit": files.max_size_label()}
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(files.ALLOWED))
        if not notes:
            # A case's notes are its own (internal and public); here only its files.
            del self.fields["body"]

    def clean(self):
        data = super().clean()
        if not data.get("body", "").strip() and not data.get("file") and not self.errors:
            field = "body" if "body" in self.fields else "file"
            self.add_error(
                field,
                _("Write a note or choose a file.") if field == "body" else _("Choose a file."),
            )
        return data


class NoteEditForm(VersionedFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=BODY_MAX,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
