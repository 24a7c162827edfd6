"""Every write on leads and marketing. Keyword-only, validated, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.models import GrantCause
from leads.models import (
    CONVERTIBLE_STATUSES,
    LEAD_TRANSITIONS,
    ContactList,
    ContactListMember,
    Lead,
    LeadStatus,
    LeadStatusChange,
    MarketingCampaign,
    MemberStatus,
)
from opportunities import services as opportunity_services
from opportunities.models import Opportunity
from parties import services as party_services
from parties.models import (
    Consent,
    ConsentSource,
    ContactMechKind,
    ContactMechPurpose,
    LeadSource,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyKind,
    PartyRole,
    RoleType,
)
from parties.selectors import party_actions

# Leads are parties: their grants are the party's.
ACCESS_KEY = party_services.ACCESS_KEY


def _record_status(*, lead: Lead, old: str, new: str, actor: User | None, reason: str = ""):
    LeadStatusChange.objects.create(
        lead=lead, from_status=old, to_status=new, reason=reason.strip(), changed_by=actor
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
    contact_lists: list[ContactList] | tuple = (),
    description: str = "",
) -> Lead:
    """A NEW lead: the party (LEAD role, grants for the owner and their team), its primary
    e-mail and phone, its address and its contact-list memberships (pending)."""
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
    lead = Lead(party=party, company_name=company_name.strip(), campaign=campaign)
    lead.full_clean(exclude=["party"])
    lead.save()
    _record_status(lead=lead, old="", new=LeadStatus.NEW, actor=actor)
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
    return lead


def _locked(lead: Lead) -> Lead:
    return Lead.objects.select_for_update().select_related("party").get(pk=lead.pk)


@transaction.atomic
def lead_update(
    *,
    actor: User,
    lead: Lead,
    expected_version: int,
    company_name: str,
    campaign: MarketingCampaign | None,
    **party_fields,
) -> Lead:
    """Edit a lead that is not converted yet. A company-only lead's name is its company."""
    locked = _locked(lead)
    if locked.is_converted:
        raise ValidationError(_("This lead was converted; edit the contact or account instead."))
    if locked.party.kind == PartyKind.ORGANIZATION:
        if not company_name.strip():
            raise ValidationError({"company_name": _("A lead without names needs a company.")})
        party_fields["name"] = company_name.strip()
    party_services.party_update(
        actor=actor, party=locked.party, expected_version=expected_version, **party_fields
    )
    locked.company_name = company_name.strip()
    locked.campaign = campaign
    locked.full_clean(exclude=["party"])
    locked.save(update_fields=["company_name", "campaign", "updated_at"])
    return locked


@transaction.atomic
def lead_set_status(*, actor: User, lead: Lead, status: str, reason: str = "") -> Lead:
    """Move a lead along NEW -> ASSIGNED -> QUALIFIED, disqualify it (a reason is required)
    or recycle a disqualified one back to ASSIGNED. Conversion has its own service."""
    locked = _locked(lead)
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
    _record_status(lead=locked, old=old, new=status, actor=actor, reason=reason)
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
    for lead in locked:
        access.reassign(obj=lead.party, new_owner=new_owner, actor=actor, access_key=ACCESS_KEY)
        if lead.status in (LeadStatus.NEW, LeadStatus.DISQUALIFIED):
            old = lead.status
            lead.status = LeadStatus.ASSIGNED
            lead.disqualification_reason = ""
            lead.save(update_fields=["status", "disqualification_reason", "updated_at"])
            _record_status(
                lead=lead,
                old=old,
                new=LeadStatus.ASSIGNED,
                actor=actor,
                reason=_("Assigned to %(user)s") % {"user": new_owner.get_username()},
            )
    return len(locked)


# Conversion --------------------------------------------------------------------------------


@dataclass
class Conversion:
    lead: Lead
    account: Party
    contact: Party | None
    opportunity: Opportunity | None = None


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
    opportunity: dict | None = None,
) -> Conversion:
    """Turn a lead into an account and a contact, in one transaction (DESIGN.md §3).

    `account`: an existing account the actor may see; otherwise a new one is created from
    `account_name` (default: the lead's company name), with the lead's grants. A person lead
    becomes a CONTACT employed there; a company-only lead becomes the account itself (or,
    merged into an existing account, hands it its contact details and consent). Contact
    mechanisms and consent stay with the person. `opportunity` (name, stage, amount,
    expected_close_date) also opens an opportunity on the account carrying the lead, its
    source and campaign, with the lead's grants. The lead's events are then about what it
    became: the contact (or the account) and the new opportunity."""
    locked = _locked(lead)
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
    deal = None
    if opportunity:
        deal = opportunity_services.opportunity_create(
            actor=actor,
            account=account,
            owner=party.owner,
            primary_contact=contact,
            lead=locked,
            lead_source=party.source,
            campaign=locked.campaign,
            **opportunity,
        )
        access.copy_grants(source=party, target=deal, actor=actor, cause=GrantCause.CONVERSION)
    # Imported here: the events app builds on leads, not the reverse.
    from events.services import events_move_on_conversion

    events_move_on_conversion(lead=locked, account=account, contact=contact, opportunity=deal)
    now = timezone.now()
    locked.status = LeadStatus.CONVERTED
    locked.converted_at = now
    locked.converted_by = actor
    locked.converted_account = account
    locked.converted_contact = contact
    locked.save()
    _record_status(lead=locked, old=lead.status, new=LeadStatus.CONVERTED, actor=actor)
    return Conversion(lead=locked, account=account, contact=contact, opportunity=deal)


# Marketing campaigns -----------------------------------------------------------------------


CAMPAIGN_FIELDS = (
    "name",
    "status",
    "start_date",
    "end_date",
    "currency",
    "budgeted_cost",
    "actual_cost",
    "expected_revenue",
    "expected_response_percent",
    "description",
    "capture_enabled",
)


def _validate_campaign(campaign: MarketingCampaign) -> None:
    if campaign.start_date and campaign.end_date and campaign.end_date < campaign.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    campaign.full_clean()


@transaction.atomic
def campaign_create(*, actor: User, owner: User | None = None, **fields) -> MarketingCampaign:
    campaign = MarketingCampaign(owner=owner or actor, **fields)
    _validate_campaign(campaign)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign: MarketingCampaign, **fields) -> MarketingCampaign:
    locked = MarketingCampaign.objects.select_for_update().get(pk=campaign.pk)
    for name, value in fields.items():
        if name not in CAMPAIGN_FIELDS and name != "owner":
            raise ValueError(f"not a campaign field: {name}")
        setattr(locked, name, value)
    _validate_campaign(locked)
    locked.save()
    return locked


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


# Contact lists -----------------------------------------------------------------------------


@transaction.atomic
def contact_list_create(*, actor: User, owner: User | None = None, **fields) -> ContactList:
    contact_list = ContactList(owner=owner or actor, **fields)
    contact_list.full_clean()
    contact_list.save()
    return contact_list


@transaction.atomic
def contact_list_update(*, actor: User, contact_list: ContactList, **fields) -> ContactList:
    locked = ContactList.objects.select_for_update().get(pk=contact_list.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


def has_current_consent(*, party: Party, purpose: str) -> bool:
    latest = (
        Consent.objects.filter(party=party, purpose=purpose)
        .order_by("-captured_at", "-id")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(latest)


LIST_ROLES = (RoleType.LEAD, RoleType.CONTACT, RoleType.CUSTOMER)


@transaction.atomic
def contact_list_member_add(
    *, actor: User, contact_list: ContactList, party: Party
) -> ContactListMember:
    """Add a lead, contact or customer to a list as pending (accepting needs consent)."""
    if not PartyRole.objects.filter(party=party, role__in=LIST_ROLES).exists():
        raise ValidationError(
            {"party": _("Only leads, contacts and customers can be members of a contact list.")}
        )
    existing = ContactListMember.objects.filter(
        contact_list=contact_list, party=party, thru_date__isnull=True
    ).first()
    if existing:
        raise ValidationError(
            {"party": _("%(name)s is already on this list.") % {"name": party.display_name}}
        )
    member = ContactListMember(contact_list=contact_list, party=party, added_by=actor)
    member.full_clean(exclude=["contact_list", "party"])
    member.save()
    return member


@transaction.atomic
def contact_list_member_set_status(
    *, actor: User, member: ContactListMember, status: str
) -> ContactListMember:
    """Accepting a member needs their current marketing consent for the list's channel."""
    locked = (
        ContactListMember.objects.select_for_update()
        .select_related("contact_list", "party")
        .get(pk=member.pk)
    )
    if not locked.is_current:
        raise ValidationError(_("This person was removed from the list."))
    if status not in MemberStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if status == MemberStatus.ACCEPTED and not has_current_consent(
        party=locked.party, purpose=locked.contact_list.consent_purpose
    ):
        raise ValidationError(
            _(
                "%(name)s cannot be accepted: there is no current consent to %(purpose)s. "
                "Record their consent on their page first."
            )
            % {
                "name": locked.party.display_name,
                "purpose": Consent(purpose=locked.contact_list.consent_purpose)
                .get_purpose_display()
                .lower(),
            }
        )
    if locked.status != status:
        locked.status = status
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at"])
    return locked


@transaction.atomic
def contact_list_member_remove(*, actor: User, member: ContactListMember) -> ContactListMember:
    """Removed members stay as history (thru date set)."""
    locked = ContactListMember.objects.select_for_update().get(pk=member.pk)
    if locked.thru_date is None:
        locked.thru_date = timezone.now()
        locked.save(update_fields=["thru_date"])
    return locked
