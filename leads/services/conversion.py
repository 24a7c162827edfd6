"""Converting a lead into an account, a contact and perhaps an opportunity."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.models import GrantCause
from leads.hooks import conversion_sections, lead_converted
from leads.models import CONVERTIBLE_STATUSES, Lead, LeadStatus
from leads.services.leads import locked_lead, record_status
from parties import services as party_services
from parties.models import (
    Consent,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyKind,
    RoleType,
)
from parties.selectors import party_actions
from parties.services import journey_append


@dataclass
class Conversion:
    lead: Lead
    account: Party
    contact: Party | None
    # Set by the opportunities app's receiver when the conversion opened a deal.
    opportunity: models.Model | None = None


def _move_contact_details(*, source: Party, target: Party) -> None:
    """Hand a company-only lead's contact mechanisms and consent to the existing account it
    merges into. A primary the account already has stays the account's; the lead's one then
    comes along without that purpose."""
    taken = set(
        PartyContactMechPurpose.objects.filter(party=target, thru_date__isnull=True).values_list(
            "purpose", flat=True
        )
    )
    PartyContactMechPurpose.objects.filter(
        party=source, thru_date__isnull=True, purpose__in=taken
    ).update(thru_date=timezone.now())
    PartyContactMech.objects.filter(party=source).update(party=target)
    PartyContactMechPurpose.objects.filter(party=source).update(party=target)
    Consent.objects.filter(party=source).update(party=target)


@transaction.atomic
def lead_convert(
    *,
    actor: User,
    lead: Lead,
    account: Party | None = None,
    account_name: str = "",
    **options,
) -> Conversion:
    """Turn a lead into an account and a contact, in one transaction (DESIGN.md §3).

    `account`: an existing account the actor may see; otherwise a new one is created from
    `account_name` (default: the lead's company name), with the lead's grants. A person lead
    becomes a CONTACT employed there; a company-only lead becomes the account itself (or,
    merged into an existing account, hands it its contact details and consent). Contact
    mechanisms and consent stay with the person.

    `options` are the convert page's sections, by name (leads.hooks): the apps above leads
    act on them in the same transaction through the `lead_converted` hook. With the apps of
    this project, `opportunity` (name, stage, amount, expected_close_date) also opens an
    opportunity on the account carrying the lead, its source and campaign, with the lead's
    grants; and the lead's events are then about what it became: the contact (or the
    account) and the new opportunity."""
    names = [section.name for section in conversion_sections()]
    unknown = set(options) - set(names)
    if unknown:
        raise TypeError(f"lead_convert() got unknown options: {sorted(unknown)}")
    options = {name: options.get(name) for name in names}
    locked = locked_lead(lead)
    party = locked.party
    if locked.is_converted:
        raise ValidationError(_("This lead was already converted."))
    if locked.status not in CONVERTIBLE_STATUSES:
        raise ValidationError(
            _("A disqualified lead cannot be converted; recycle it first (back to assigned).")
        )
    if access.CHANGE not in party_actions(actor, party):
        raise PermissionDenied
    if account is not None and (
        account.kind != PartyKind.ORGANIZATION
        or not account.roles.filter(role=RoleType.ACCOUNT).exists()
    ):
        raise ValidationError({"account": _("Choose an account.")})
    contact = None
    if party.kind == PartyKind.ORGANIZATION:
        if account is None:
            account = party
            party_services.party_role_add(party=party, role=RoleType.ACCOUNT)
        else:
            _move_contact_details(source=party, target=account)
            party_services.party_set_status(actor=actor, party=party, status="disabled")
    else:
        if account is None:
            name = (account_name or locked.company_name).strip()
            if not name:
                raise ValidationError(
                    {"account_name": _("Choose an existing account or name the new one.")}
                )
            account = party_services.party_create(
                actor=actor,
                kind=PartyKind.ORGANIZATION,
                roles=[RoleType.ACCOUNT],
                owner=party.owner,
                name=name,
                source=party.source,
            )
            access.copy_grants(
                source=party, target=account, actor=actor, cause=GrantCause.CONVERSION
            )
        contact = party
        party_services.party_role_add(party=party, role=RoleType.CONTACT)
        party_services.employment_start(
            actor=actor, person=party, organization=account, title=party.job_title
        )
    conversion = Conversion(lead=locked, account=account, contact=contact)
    lead_converted.run(conversion=conversion, actor=actor, **options)
    now = timezone.now()
    locked.status = LeadStatus.CONVERTED
    locked.converted_at = now
    locked.converted_by = actor
    locked.converted_account = account
    locked.converted_contact = contact
    locked.save()
    record_status(lead=locked, old=lead.status, new=LeadStatus.CONVERTED, actor=actor)
    _journey(conversion, actor)
    return conversion


def _journey(conversion: Conversion, actor: User) -> None:
    """The conversion in the journey of the lead's party and of the account it joined."""
    names = {"account": conversion.account.display_name}
    if conversion.opportunity is not None:
        names["deal"] = conversion.opportunity.name
        summary = _("Lead converted into account “%(account)s” with deal “%(deal)s”") % names
    else:
        summary = _("Lead converted into account “%(account)s”") % names
    journey_append(
        party_ids=[conversion.lead.pk, conversion.account.pk],
        kind="lead_converted",
        summary=summary,
        actor=actor,
        record_type="lead",
        record_id=conversion.lead.pk,
    )
