"""Creating the planned leads of a file, all or nothing."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leads.models import Lead
from leads.services.leads import lead_captured_journey, lead_create
from leads.vcard_import.plan import vcard_import_plan
from leads.vcard_import.planned import PlannedLead
from parties import services as party_services
from parties.models import ContactMechKind, ContactMechPurpose, LeadSource
from parties.vcards import ParsedCard


def _lead_create_from(*, actor: User, planned: PlannedLead, source: LeadSource | None) -> Lead:
    lead = lead_create(
        actor=actor,
        owner=actor,
        first_name=planned.first_name,
        last_name=planned.last_name,
        company_name=planned.company_name,
        job_title=planned.job_title,
        email=planned.emails[0] if planned.emails else "",
        source=source,
        description=planned.description,
        journey=False,
    )
    lead_captured_journey(lead=lead, actor=actor, how=_("Lead imported from a vCard file"))
    party = lead.party
    extra_names = {
        "salutation": planned.salutation,
        "middle_name": planned.middle_name,
        "suffix": planned.suffix,
    }
    if planned.is_person and any(extra_names.values()):
        lead.party = party_services.party_update(
            actor=actor, party=party, expected_version=party.version, **extra_names
        )
    for email in planned.emails[1:]:
        party_services.contact_mech_add(
            actor=actor, party=party, kind=ContactMechKind.EMAIL, value=email, purposes=[]
        )
    # Phones and addresses are added here rather than by lead_create to keep their purposes
    # (and a phone's extension).
    for phone in planned.phones:
        party_services.contact_mech_add(
            actor=actor,
            party=party,
            kind=ContactMechKind.PHONE,
            value=phone.value,
            extension=phone.extension,
            purposes=phone.purposes,
        )
    for address in planned.addresses:
        party_services.contact_mech_add(
            actor=actor,
            party=party,
            kind=ContactMechKind.POSTAL_ADDRESS,
            purposes=address.purposes,
            **address.fields,
        )
    for position, url in enumerate(planned.urls):
        party_services.contact_mech_add(
            actor=actor,
            party=party,
            kind=ContactMechKind.WEB,
            value=url,
            purposes=[] if position else [ContactMechPurpose.PRIMARY_WEB_URL],
        )
    return lead


@transaction.atomic
def leads_import_vcards(
    *,
    actor: User,
    cards: list[ParsedCard],
    source: LeadSource | None = None,
    known: dict[int, str] | None = None,
) -> list[Lead]:
    """A NEW lead owned by `actor` for every card that can become one (see
    vcard_import_plan; `known`: the cards of records already here, left out), all or
    nothing."""
    plan = vcard_import_plan(cards=cards, known=known)
    if not plan.leads:
        raise ValidationError(_("No card in this file can be imported."))
    leads = []
    for planned in plan.leads:
        try:
            leads.append(_lead_create_from(actor=actor, planned=planned, source=source))
        except ValidationError as exc:
            raise ValidationError(
                _("Card %(index)d could not be imported: %(reason)s")
                % {"index": planned.index, "reason": " ".join(exc.messages)}
            ) from exc
    return leads
