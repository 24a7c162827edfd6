"""Writes on leads themselves: create, edit, status, assignment and who may own them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from crm import access, notifications
from leads.models import (
    LEAD_TRANSITIONS,
    ContactList,
    Lead,
    LeadStatus,
    LeadStatusChange,
    MarketingCampaign,
)
from leads.services.contact_lists import contact_list_member_add
from parties import services as party_services
from parties.models import (
    ContactMechKind,
    ContactMechPurpose,
    LeadSource,
    Party,
    PartyKind,
    RoleType,
)
from parties.services import credited_partner, journey_append

UNCHANGED = object()  # lead_update's partner when the caller does not edit it

# Leads are parties: their grants are the party's.
ACCESS_KEY = party_services.ACCESS_KEY


def record_status(*, lead: Lead, old: str, new: str, actor: User | None, reason: str = ""):
    LeadStatusChange.objects.create(
        lead=lead, from_status=old, to_status=new, reason=reason.strip(), changed_by=actor
    )


def lead_captured_journey(*, lead: Lead, actor: User | None, how: str) -> None:
    """The lead's first touch point in its journey: `how` it came, then its source."""
    source = lead.party.source
    summary = how
    if source is not None:
        summary = _("%(how)s (source: %(source)s)") % {"how": how, "source": source.name}
    journey_append(
        party_ids=lead.pk,
        kind="lead_captured",
        summary=summary,
        actor=actor,
        record_type="lead",
        record_id=lead.pk,
    )


def _lead_party_fields(*, first_name: str, last_name: str, company_name: str) -> dict:
    """A lead is a person when names are given (both then), otherwise an organization named
    after the company — as OFBiz createLead: the names or the company must be given."""
    first_name, last_name, company_name = (
        first_name.strip(),
        last_name.strip(),
        company_name.strip(),
    )
    if first_name or last_name:
        errors = {}
        if not first_name:
            errors["first_name"] = _("Give the first name too, or leave both names empty.")
        if not last_name:
            errors["last_name"] = _("Give the last name too, or leave both names empty.")
        if errors:
            raise ValidationError(errors)
        return {"kind": PartyKind.PERSON, "first_name": first_name, "last_name": last_name}
    if not company_name:
        raise ValidationError(
            {"company_name": _("Give the lead's first and last name, or a company name.")}
        )
    return {"kind": PartyKind.ORGANIZATION, "name": company_name}


@transaction.atomic
def lead_create(
    *,
    actor: User,
    owner: User | None = None,
    first_name: str = "",
    last_name: str = "",
    company_name: str = "",
    job_title: str = "",
    email: str = "",
    phone: str = "",
    address: dict | None = None,
    source: LeadSource | None = None,
    campaign: MarketingCampaign | None = None,
    partner: Party | None = None,
    contact_lists: list[ContactList] | tuple = (),
    description: str = "",
    journey: bool = True,
) -> Lead:
    """A NEW lead: the party (LEAD role, grants for the owner and their team), its primary
    e-mail and phone, its address and its contact-list memberships (pending), and its first
    journey row ("created by <actor>"). `journey=False`: the caller writes that row itself,
    saying how the lead came (web form, vCard import; see lead_captured_journey). A lead a
    partner brought (`partner`, a current one) without a source has the source "partner"."""
    source = credited_partner(partner, source)
    party_fields = _lead_party_fields(
        first_name=first_name, last_name=last_name, company_name=company_name
    )
    if party_fields["kind"] == PartyKind.PERSON:
        party_fields["job_title"] = job_title.strip()
    kind = party_fields.pop("kind")
    party = party_services.party_create(
        actor=actor,
        kind=kind,
        roles=[RoleType.LEAD],
        owner=owner,
        source=source,
        description=description.strip(),
        **party_fields,
    )
    lead = Lead(party=party, company_name=company_name.strip(), campaign=campaign, partner=partner)
    lead.full_clean(exclude=["party"])
    lead.save()
    record_status(lead=lead, old="", new=LeadStatus.NEW, actor=actor)
    party_services.primary_contact_mechs_add(actor=actor, party=party, email=email, phone=phone)
    if address and any((address.get(f) or "").strip() for f in ("address1", "city")):
        party_services.contact_mech_add(
            actor=actor,
            party=party,
            kind=ContactMechKind.POSTAL_ADDRESS,
            purposes=[ContactMechPurpose.GENERAL_LOCATION],
            **address,
        )
    for contact_list in contact_lists:
        contact_list_member_add(actor=actor, contact_list=contact_list, party=party)
    if journey:
        lead_captured_journey(
            lead=lead,
            actor=actor,
            how=_("Lead created by %(user)s") % {"user": actor.get_username()},
        )
    return lead


def locked_lead(lead: Lead) -> Lead:
    return Lead.objects.select_for_update().select_related("party").get(pk=lead.pk)


@transaction.atomic
def lead_update(
    *,
    actor: User,
    lead: Lead,
    expected_version: int,
    company_name: str,
    campaign: MarketingCampaign | None,
    partner: Party | None = UNCHANGED,
    **party_fields,
) -> Lead:
    """Edit a lead that is not converted yet. A company-only lead's name is its company. A
    newly chosen partner must be a current one (the one it had may have ended since); with
    no source, the lead's source becomes "partner"."""
    locked = locked_lead(lead)
    if locked.is_converted:
        raise ValidationError(_("This lead was converted; edit the contact or account instead."))
    if partner is UNCHANGED:
        partner = locked.partner
    elif partner is not None:
        source = credited_partner(
            partner, party_fields.get("source", locked.party.source), keep=locked.partner_id
        )
        if "source" in party_fields or source is not None:
            party_fields["source"] = source
    if locked.party.kind == PartyKind.ORGANIZATION:
        if not company_name.strip():
            raise ValidationError({"company_name": _("A lead without names needs a company.")})
        party_fields["name"] = company_name.strip()
    party_services.party_update(
        actor=actor, party=locked.party, expected_version=expected_version, **party_fields
    )
    locked.company_name = company_name.strip()
    locked.campaign = campaign
    locked.partner = partner
    locked.full_clean(exclude=["party"])
    locked.save(update_fields=["company_name", "campaign", "partner", "updated_at"])
    return locked


@transaction.atomic
def lead_set_status(*, actor: User, lead: Lead, status: str, reason: str = "") -> Lead:
    """Move a lead along NEW -> ASSIGNED -> QUALIFIED, disqualify it (a reason is required)
    or recycle a disqualified one back to ASSIGNED. Conversion has its own service."""
    locked = locked_lead(lead)
    old = LeadStatus(locked.status)
    if status not in LEAD_TRANSITIONS[old]:
        raise ValidationError(
            _("A %(old)s lead cannot become %(new)s.")
            % {
                "old": old.label.lower(),
                "new": LeadStatus(status).label.lower() if status in LeadStatus.values else status,
            }
        )
    if status == LeadStatus.DISQUALIFIED and not reason.strip():
        raise ValidationError({"reason": _("Say why the lead is disqualified.")})
    locked.status = status
    locked.disqualification_reason = reason.strip() if status == LeadStatus.DISQUALIFIED else ""
    locked.save(update_fields=["status", "disqualification_reason", "updated_at"])
    record_status(lead=locked, old=old, new=status, actor=actor, reason=reason)
    return locked


def assignable_owners(actor: User):
    """Who a user may hand leads to: an administrator anyone active, a manager the members
    of the teams they manage."""
    users = User.objects.filter(is_active=True)
    if access.is_administrator(actor):
        return users.order_by("username")
    return users.filter(profile__home_team__manager=actor).order_by("username")


@transaction.atomic
def lead_assign(*, actor: User, leads: list[Lead], new_owner: User) -> int:
    """Hand leads to a rep of the actor's team: the new owner gets the owner's rights, the
    previous owner's go, and a NEW lead becomes ASSIGNED. All or nothing."""
    if not assignable_owners(actor).filter(pk=new_owner.pk).exists():
        raise ValidationError({"owner": _("You can only assign leads to a rep of your team.")})
    locked = list(
        Lead.objects.select_for_update(of=("self",))
        .select_related("party__owner__profile__home_team")
        .filter(pk__in=[lead.pk for lead in leads])
        .order_by("pk")
    )
    for lead in locked:
        if not access.can_reassign(actor, lead.party):
            raise PermissionDenied
        if lead.is_converted:
            raise ValidationError(
                _("%(name)s is converted and can no longer be assigned.")
                % {"name": lead.party.display_name}
            )
    handed = [lead for lead in locked if lead.party.owner_id != new_owner.pk]
    for lead in locked:
        access.reassign(obj=lead.party, new_owner=new_owner, actor=actor, access_key=ACCESS_KEY)
        if lead.status in (LeadStatus.NEW, LeadStatus.DISQUALIFIED):
            old = lead.status
            lead.status = LeadStatus.ASSIGNED
            lead.disqualification_reason = ""
            lead.save(update_fields=["status", "disqualification_reason", "updated_at"])
            record_status(
                lead=lead,
                old=old,
                new=LeadStatus.ASSIGNED,
                actor=actor,
                reason=_("Assigned to %(user)s") % {"user": new_owner.get_username()},
            )
    _notify_assigned(actor=actor, leads=handed, new_owner=new_owner)
    return len(locked)


# Past this many leads in one assignment, the new owner gets one notification for them all.
NOTIFY_EACH_UP_TO = 5


def _notify_assigned(*, actor: User, leads: list[Lead], new_owner: User) -> None:
    """Tell the new owner (they may see the leads now: they own them)."""
    if len(leads) > NOTIFY_EACH_UP_TO:
        notifications.notify(
            recipient=new_owner,
            kind=notifications.LEAD_ASSIGNED,
            actor=actor,
            text=_("%(actor)s assigned %(count)d leads to you.")
            % {"actor": notifications.name_of(actor), "count": len(leads)},
            url=f"{reverse('leads:list')}?owner={new_owner.pk}",
        )
        return
    for lead in leads:
        notifications.notify(
            recipient=new_owner,
            kind=notifications.LEAD_ASSIGNED,
            actor=actor,
            record=lead.party,
            text=_("%(actor)s assigned the lead %(name)s to you.")
            % {"actor": notifications.name_of(actor), "name": lead.party.display_name},
            url=reverse("leads:detail", args=[lead.pk]),
        )
