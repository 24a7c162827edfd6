"""Web-to-lead: leads from a campaign's public form, and that form's address."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leads.models import Lead, MarketingCampaign
from leads.services.leads import lead_captured_journey, lead_create
from parties import services as party_services
from parties.models import ConsentSource, ContactMechKind, LeadSource, PartyContactMech


@transaction.atomic
def campaign_regenerate_token(*, actor: User, campaign: MarketingCampaign) -> MarketingCampaign:
    """A new public form address; the old one stops working at once."""
    from leads.models import new_capture_token

    campaign.capture_token = new_capture_token()
    campaign.save(update_fields=["capture_token", "updated_at"])
    return campaign


@transaction.atomic
def lead_capture(
    *,
    campaign: MarketingCampaign,
    first_name: str,
    last_name: str,
    company_name: str,
    email: str,
    phone: str,
    message: str,
    marketing_consent: bool,
) -> Lead:
    """Web-to-lead: a NEW lead owned by the campaign's owner, source "web site", with the
    visitor's consent decision recorded (source "web form")."""
    if not campaign.capture_enabled:
        raise ValidationError(_("This form is closed."))
    source = LeadSource.objects.filter(code="web-site").first()
    owner = campaign.owner
    lead = lead_create(
        actor=owner,
        owner=owner,
        first_name=first_name,
        last_name=last_name,
        company_name=company_name,
        email=email,
        phone=phone,
        source=source,
        campaign=campaign,
        description=message,
        journey=False,
    )
    # The visitor filled the form: the row has no staff actor.
    lead_captured_journey(
        lead=lead,
        actor=None,
        how=_("Lead captured from the web form of campaign “%(name)s”") % {"name": campaign.name},
    )
    email_mech = (
        PartyContactMech.objects.filter(
            party=lead.party, contact_mech__kind=ContactMechKind.EMAIL, thru_date__isnull=True
        )
        .select_related("contact_mech")
        .first()
    )
    party_services.consent_record(
        actor=None,
        party=lead.party,
        purpose="MARKETING_EMAIL",
        granted=marketing_consent,
        source=ConsentSource.WEB_FORM,
        note=_("Web form of campaign “%(name)s”") % {"name": campaign.name},
        contact_mech=email_mech.contact_mech if email_mech else None,
    )
    return lead
