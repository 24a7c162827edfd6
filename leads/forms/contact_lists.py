"""Forms of the contact-list pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import record_formfield
from leads.models import ContactList, ContactListType, MarketingCampaign, MemberStatus
from parties.forms import PartyLookupField

LIST_SORT_CHOICES = [("name", _("Name A–Z")), ("-name", _("Name Z–A"))]


class ContactListForm(forms.ModelForm):
    class Meta:
        model = ContactList
        fields = ["name", "list_type", "channel", "campaign", "description"]
        formfield_callback = record_formfield
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

    def messages(self) -> dict[str, str]:
        return {
            "number": _("No lead, contact or customer you may see has that number."),
            "ambiguous": _("Several records are named “%(name)s”: pick one from the suggestions."),
            "name": _(
                "No lead, contact or customer you may see is named “%(name)s”: "
                "pick one from the suggestions."
            ),
        }


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
