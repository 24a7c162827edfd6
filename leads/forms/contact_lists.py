"""Forms of the contact-list pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leads.models import ContactList, ContactListType, MarketingCampaign, MemberStatus
from parties.forms import NUMBERED, PartyLookupField

LIST_SORT_CHOICES = [("name", _("Name A–Z")), ("-name", _("Name Z–A"))]


class ContactListForm(forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name", "list_type", "channel", "campaign", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "channel": _(
                "Members can be accepted only with their current consent for this channel."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = self.fields["campaign"]
        campaign.queryset = MarketingCampaign.objects.order_by("name", "id")
        campaign.empty_label = _("No campaign")


class ContactListFilterForm(forms.Form):
    list_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *ContactListType.choices],
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=LIST_SORT_CHOICES)


class MemberStatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MemberStatus.choices]
    )


class MemberLookupField(PartyLookupField):
    """PartyLookupField with messages that name what may be picked: a lead, a contact or a
    customer the user may see."""

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        match = NUMBERED.match(text)
        if match:
            try:
                found = self.queryset.filter(pk=int(match.group(1) or match.group(2))).first()
            except (OverflowError, ValueError):
                found = None
            if found is None:
                raise ValidationError(
                    _("No lead, contact or customer you may see has that number."),
                    code="not_found",
                )
            return found
        named = list(self.queryset.filter(display_name__iexact=text)[:2])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                _("Several records are named “%(name)s”: pick one from the suggestions."),
                code="ambiguous",
                params={"name": text},
            )
        raise ValidationError(
            _(
                "No lead, contact or customer you may see is named “%(name)s”: "
                "pick one from the suggestions."
            ),
            code="not_found",
            params={"name": text},
        )


class ContactListMemberForm(forms.Form):
    party = MemberLookupField(
        label=_("Lead, contact or customer"),
        help_text=_("Type part of the name and pick from the suggestions, or give #number."),
    )

    def __init__(self, *args, candidates=None, lookup_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["party"].queryset = candidates
        self.fields["party"].widget.lookup_url = lookup_url


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MemberStatus.choices)
