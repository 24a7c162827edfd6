"""The two steps of "New lead from vCard": upload (then a preview), and confirm.

The file's text goes from the preview to the confirm step in a signed hidden field, so that
nothing is stored before the user confirms and the text cannot be changed in between."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.forms import RecordChoiceField
from leads.vcard_import import vcard_file_limits, vcard_file_read, vcard_file_size_check
from parties.models import LeadSource
from parties.vcards import parse_vcards

PAYLOAD_SALT = "leads.vcard_import"
PAYLOAD_MAX_AGE = 60 * 60  # seconds from the preview to the confirmation


def _active_sources():
    return LeadSource.objects.filter(active=True).order_by("position", "name")


class VCardUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("vCard file (.vcf)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".vcf,.vcard,text/vcard,text/x-vcard"}),
    )
    source = RecordChoiceField(
        label=gettext_lazy("Lead source"),
        queryset=LeadSource.objects.none(),
        required=False,
        help_text=gettext_lazy("Given to every lead imported from this file."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = _active_sources()
        # The limits the import enforces (leads.vcard_import.file), never numbers of its own.
        self.fields["file"].help_text = (
            _(
                "One or many cards, as exported by an address book (vCard 2.1, 3.0 or 4.0), "
                "up to %(size)d MB and %(count)d cards. You will see what will be imported "
                "before anything is saved."
            )
            % vcard_file_limits()
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            vcard_file_size_check(upload.size)  # before reading a file that is too large
            self.text, self.cards, self.card_errors = vcard_file_read(data=upload.read())
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def payload(self, *, user: User) -> str:
        """The signed text for the confirm step."""
        source = self.cleaned_data.get("source")
        return signing.dumps(
            {"text": self.text, "source": source.pk if source else None, "user": user.pk},
            salt=PAYLOAD_SALT,
            compress=True,
        )


def payload_fits(payload: str) -> bool:
    """Whether the browser can post the payload back: Django refuses bigger request bodies."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is None or len(payload) < limit - 10_000


class VCardConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        refused = forms.ValidationError(
            _(
                "The import could not be confirmed: the file's data is missing, was changed or "
                "is more than an hour old. Nothing was imported. Choose the file again."
            )
        )
        try:
            data = signing.loads(
                cleaned.get("payload", ""), salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE
            )
        except signing.BadSignature as exc:
            raise refused from exc
        if not isinstance(data, dict) or data.get("user") != self.user.pk:
            raise refused
        source = None
        if data.get("source") is not None:
            source = _active_sources().filter(pk=data["source"]).first()
            if source is None:
                raise forms.ValidationError(
                    _("The lead source you chose is no longer active. Choose the file again.")
                )
        try:
            cards, _errors = parse_vcards(data.get("text", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        cleaned["cards"] = cards
        cleaned["source"] = source
        return cleaned
