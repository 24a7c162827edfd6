"""The opportunities app's part of a lead's conversion (leads.hooks): "Also create an
opportunity" on the convert page, and the deal it opens on the new or chosen account."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.forms import DayField, RecordChoiceField
from crm.models import GrantCause
from opportunities import services
from opportunities.models import OpportunityStage, StageKind
from parties.forms import DATE_INPUT

CLOSE_IN_DAYS = 30


class OpportunityConversionForm(forms.Form):
    create_opportunity = forms.BooleanField(
        label=_("Also create an opportunity"), required=False, initial=True
    )
    opportunity_name = forms.CharField(
        label=_("Opportunity name"),
        max_length=200,
        required=False,
        help_text=_("Usually “Account - what is sold”."),
    )
    amount = forms.DecimalField(
        label=_("Amount"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    expected_close_date = DayField(
        label=_("Expected close date"), required=False, widget=DATE_INPUT
    )
    stage = RecordChoiceField(
        label=_("Stage"),
        queryset=OpportunityStage.objects.filter(kind=StageKind.OPEN, active=True),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, lead, user: User, **kwargs):
        party = lead.party
        company = lead.company_name or ("" if party.is_person else party.display_name)
        kwargs.setdefault(
            "initial",
            {
                "create_opportunity": True,
                "opportunity_name": f"{company} - " if company else "",
                "expected_close_date": timezone.localdate()
                + datetime.timedelta(days=CLOSE_IN_DAYS),
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create_opportunity"):
            for name, message in (
                ("opportunity_name", _("Name the opportunity.")),
                ("expected_close_date", _("When is it expected to close?")),
                ("stage", _("Choose a stage.")),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def options(self) -> dict | None:
        data = self.cleaned_data
        if not data["create_opportunity"]:
            return None
        return {
            "name": data["opportunity_name"],
            "amount": data["amount"] or 0,
            "expected_close_date": data["expected_close_date"],
            "stage": data["stage"],
        }


def deal_on_conversion(*, conversion, actor: User, opportunity: dict | None, **_) -> None:
    """Opens the deal asked for on the account, carrying the lead, its source, campaign and
    partner, owned by the lead's owner and with the lead's grants."""
    if not opportunity:
        return
    lead, party = conversion.lead, conversion.lead.party
    deal = services.opportunity_create(
        actor=actor,
        account=conversion.account,
        owner=party.owner,
        primary_contact=conversion.contact,
        lead=lead,
        lead_source=party.source,
        campaign=lead.campaign,
        partner=lead.partner,
        **opportunity,
    )
    access.copy_grants(source=party, target=deal, actor=actor, cause=GrantCause.CONVERSION)
    conversion.opportunity = deal
