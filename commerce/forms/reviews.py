"""The moderation form of a review: approve, or reject with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

APPROVE, REJECT = "approve", "reject"


class ModerationForm(forms.Form):
    # Set by the button pressed ("Approve" / "Reject").
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose Approve or Reject.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to reject a review, or to change an earlier decision."),
    )

    def full_clean(self):
        super().full_clean()
        # A hidden field's error would show next to nothing: say it above the form.
        if self.is_bound and "decision" in self.errors and not self.non_field_errors():
            self.add_error(None, _("Choose Approve or Reject."))

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == APPROVE
