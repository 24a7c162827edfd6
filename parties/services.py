"""Every write on the Party core. Keyword-only, validated, one transaction each."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.exceptions import ConcurrentUpdate
from crm.models import Team
from parties.models import (
    PURPOSES_BY_KIND,
    SINGLE_PURPOSES,
    Consent,
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyKind,
    PartyRelationship,
    PartyRole,
    PartyStatus,
    RelationshipKind,
    RoleType,
)
from parties.normalize import normalize_email, normalize_phone, normalize_url

ACCESS_KEY = "party"
ADDRESS_FIELDS = ("to_name", "address1", "address2", "city", "postal_code", "state", "country")


def _validate_party(party: Party) -> None:
    errors = {}
    if party.kind == PartyKind.PERSON:
        if not party.first_name.strip():
            errors["first_name"] = _("First name is required.")
        if not party.last_name.strip():
            errors["last_name"] = _("Last name is required.")
    elif not party.name.strip():
        errors["name"] = _("Name is required.")
    if errors:
        raise ValidationError(errors)
    party.display_name = party.compute_display_name()
    party.full_clean()


@transaction.atomic
def party_create(
    *,
    actor: User,
    kind: str,
    roles: list[str],
    owner: User | None = None,
    **fields,
) -> Party:
    owner = owner or actor
    party = Party(kind=kind, owner=owner, created_by=actor, updated_by=actor, **fields)
    _validate_party(party)
    party.save()
    PartyRole.objects.bulk_create([PartyRole(party=party, role=role) for role in roles])
    access.grant_initial(obj=party, owner=owner, actor=actor, access_key=ACCESS_KEY)
    return party


@transaction.atomic
def party_update(*, actor: User, party: Party, expected_version: int, **fields) -> Party:
    """Save edited fields unless someone else saved the party since `expected_version`."""
    locked = Party.objects.select_for_update().get(pk=party.pk)
    if locked.version != expected_version:
        raise ConcurrentUpdate
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.updated_by = actor
    locked.version += 1
    _validate_party(locked)
    locked.save()
    return locked


@transaction.atomic
def party_set_status(*, actor: User, party: Party, status: str) -> Party:
    locked = Party.objects.select_for_update().get(pk=party.pk)
    if locked.status != status:
        locked.status = PartyStatus(status)
        locked.updated_by = actor
        locked.version += 1
        locked.save(update_fields=["status", "updated_by", "version", "updated_at"])
    return locked


def party_role_add(*, party: Party, role: str) -> None:
    PartyRole.objects.get_or_create(party=party, role=role)


# Contact mechanisms ------------------------------------------------------------------------


def _normalized_value(kind: str, value: str, address: dict) -> str:
    try:
        if kind == ContactMechKind.EMAIL:
            return normalize_email(value)
        if kind == ContactMechKind.PHONE:
            return normalize_phone(value)
        if kind == ContactMechKind.WEB:
            return normalize_url(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc
    errors = {}
    for required in ("address1", "city", "country"):
        if not (address.get(required) or "").strip():
            errors[required] = _("This field is required for a postal address.")
    if errors:
        raise ValidationError(errors)
    parts = [address.get(f, "") for f in ("address1", "address2", "postal_code", "city", "state")]
    return ", ".join(p.strip() for p in parts if p and p.strip()) + f", {address['country']}"


def _check_purposes(*, party: Party, kind: str, purposes: list[str], exclude_pcm=None) -> None:
    allowed = PURPOSES_BY_KIND[ContactMechKind(kind)]
    wrong = [p for p in purposes if p not in allowed]
    if wrong:
        raise ValidationError(
            {
                "purposes": _("“%(purpose)s” does not apply to this kind of contact mechanism.")
                % {"purpose": ContactMechPurpose(wrong[0]).label}
            }
        )
    single = [p for p in purposes if p in SINGLE_PURPOSES]
    taken = PartyContactMechPurpose.objects.filter(
        party=party, purpose__in=single, thru_date__isnull=True
    ).select_related("party_contact_mech__contact_mech")
    if exclude_pcm is not None:
        taken = taken.exclude(party_contact_mech=exclude_pcm)
    clash = taken.first()
    if clash:
        raise ValidationError(
            {
                "purposes": _(
                    "%(party)s already has a current %(purpose)s (%(value)s). "
                    "Remove that purpose from it or end it first."
                )
                % {
                    "party": party.display_name,
                    "purpose": clash.get_purpose_display().lower(),
                    "value": clash.party_contact_mech.contact_mech.value,
                }
            }
        )


@transaction.atomic
def contact_mech_add(
    *,
    actor: User,
    party: Party,
    kind: str,
    purposes: list[str],
    value: str = "",
    extension: str = "",
    verified: bool = False,
    **address,
) -> PartyContactMech:
    # Lock the party so two concurrent adds cannot both take the same primary purpose.
    Party.objects.select_for_update().filter(pk=party.pk).first()
    purposes = list(dict.fromkeys(purposes))  # a repeated purpose would break the constraint
    normalized = _normalized_value(kind, value, address)
    _check_purposes(party=party, kind=kind, purposes=purposes)
    mech = ContactMech(kind=kind, value=normalized)
    if kind == ContactMechKind.POSTAL_ADDRESS:
        for name in ADDRESS_FIELDS:
            setattr(mech, name, (address.get(name) or "").strip())
    mech.full_clean()
    mech.save()
    pcm = PartyContactMech.objects.create(
        party=party, contact_mech=mech, extension=extension.strip(), verified=verified
    )
    PartyContactMechPurpose.objects.bulk_create(
        [PartyContactMechPurpose(party_contact_mech=pcm, party=party, purpose=p) for p in purposes]
    )
    return pcm


@transaction.atomic
def contact_mech_update(
    *,
    actor: User,
    party_contact_mech: PartyContactMech,
    purposes: list[str],
    value: str = "",
    extension: str = "",
    verified: bool = False,
    **address,
) -> PartyContactMech:
    pcm = (
        PartyContactMech.objects.select_for_update()
        .select_related("contact_mech", "party")
        .get(pk=party_contact_mech.pk)
    )
    if not pcm.is_current:
        raise ValidationError(_("This contact mechanism has ended and can no longer be edited."))
    Party.objects.select_for_update().filter(pk=pcm.party_id).first()
    purposes = list(dict.fromkeys(purposes))  # a repeated purpose would break the constraint
    mech = pcm.contact_mech
    mech.value = _normalized_value(mech.kind, value, address)
    if mech.kind == ContactMechKind.POSTAL_ADDRESS:
        for name in ADDRESS_FIELDS:
            setattr(mech, name, (address.get(name) or "").strip())
    _check_purposes(party=pcm.party, kind=mech.kind, purposes=purposes, exclude_pcm=pcm)
    mech.full_clean()
    mech.save()
    pcm.extension = extension.strip()
    pcm.verified = verified
    pcm.save(update_fields=["extension", "verified"])
    now = timezone.now()
    current = {p.purpose: p for p in pcm.purposes.filter(thru_date__isnull=True)}
    for purpose, row in current.items():
        if purpose not in purposes:
            row.thru_date = now
            row.save(update_fields=["thru_date"])
    PartyContactMechPurpose.objects.bulk_create(
        [
            PartyContactMechPurpose(party_contact_mech=pcm, party=pcm.party, purpose=p)
            for p in purposes
            if p not in current
        ]
    )
    return pcm


@transaction.atomic
def contact_mech_end(*, actor: User, party_contact_mech: PartyContactMech) -> PartyContactMech:
    pcm = PartyContactMech.objects.select_for_update().get(pk=party_contact_mech.pk)
    if pcm.is_current:
        now = timezone.now()
        pcm.thru_date = now
        pcm.save(update_fields=["thru_date"])
        pcm.purposes.filter(thru_date__isnull=True).update(thru_date=now)
    return pcm


# Relationships -----------------------------------------------------------------------------


@transaction.atomic
def employment_start(
    *,
    actor: User,
    person: Party,
    organization: Party,
    title: str = "",
    from_date: datetime.date | None = None,
) -> PartyRelationship:
    if person.kind != PartyKind.PERSON:
        raise ValidationError(_("Only a person can be employed."))
    if organization.kind != PartyKind.ORGANIZATION:
        raise ValidationError(_("Only an organization can employ someone."))
    existing = PartyRelationship.objects.filter(
        from_party=person,
        to_party=organization,
        kind=RelationshipKind.EMPLOYMENT,
        thru_date__isnull=True,
    )
    if existing.exists():
        raise ValidationError(
            _("%(person)s already works at %(org)s.")
            % {"person": person.display_name, "org": organization.display_name}
        )
    relationship = PartyRelationship(
        from_party=person,
        to_party=organization,
        kind=RelationshipKind.EMPLOYMENT,
        title=title.strip(),
        from_date=from_date or timezone.localdate(),
        created_by=actor,
    )
    relationship.full_clean()
    relationship.save()
    return relationship


@transaction.atomic
def relationship_end(
    *, actor: User, relationship: PartyRelationship, thru_date: datetime.date | None = None
) -> PartyRelationship:
    rel = PartyRelationship.objects.select_for_update().get(pk=relationship.pk)
    if rel.thru_date is None:
        rel.thru_date = max(thru_date or timezone.localdate(), rel.from_date)
        rel.save(update_fields=["thru_date"])
    return rel


# Consent -----------------------------------------------------------------------------------


def consent_record(
    *,
    actor: User,
    party: Party,
    purpose: str,
    granted: bool,
    source: str,
    note: str = "",
    contact_mech: ContactMech | None = None,
) -> Consent:
    consent = Consent(
        party=party,
        purpose=purpose,
        granted=granted,
        source=source,
        note=note.strip(),
        contact_mech=contact_mech,
        captured_by=actor,
    )
    consent.full_clean()
    consent.save()
    return consent


# Contacts, accounts and customers ----------------------------------------------------------


def primary_contact_mechs_add(*, actor, party, email="", phone="", website=""):
    for kind, purpose, value in (
        (ContactMechKind.EMAIL, ContactMechPurpose.PRIMARY_EMAIL, email),
        (ContactMechKind.PHONE, ContactMechPurpose.PRIMARY_PHONE, phone),
        (ContactMechKind.WEB, ContactMechPurpose.PRIMARY_WEB_URL, website),
    ):
        if value:
            contact_mech_add(actor=actor, party=party, kind=kind, value=value, purposes=[purpose])


@transaction.atomic
def contact_create(
    *,
    actor: User,
    owner: User | None = None,
    email: str = "",
    phone: str = "",
    account: Party | None = None,
    **person_fields,
) -> Party:
    party = party_create(
        actor=actor, kind=PartyKind.PERSON, roles=[RoleType.CONTACT], owner=owner, **person_fields
    )
    primary_contact_mechs_add(actor=actor, party=party, email=email, phone=phone)
    if account is not None:
        employment_start(actor=actor, person=party, organization=account, title=party.job_title)
    return party


@transaction.atomic
def account_create(
    *,
    actor: User,
    owner: User | None = None,
    email: str = "",
    phone: str = "",
    website: str = "",
    **organization_fields,
) -> Party:
    party = party_create(
        actor=actor,
        kind=PartyKind.ORGANIZATION,
        roles=[RoleType.ACCOUNT],
        owner=owner,
        **organization_fields,
    )
    primary_contact_mechs_add(actor=actor, party=party, email=email, phone=phone, website=website)
    return party


@transaction.atomic
def customer_create(
    *,
    actor: User,
    kind: str,
    email: str,
    phone: str,
    shipping_address: dict,
    billing_address: dict | None = None,
    owner: User | None = None,
    **fields,
) -> Party:
    """A B2C (person) or B2B (organization) customer with its critical contact details.
    Without a separate billing address, the shipping address is the billing address too."""
    party = party_create(actor=actor, kind=kind, roles=[RoleType.CUSTOMER], owner=owner, **fields)
    primary_contact_mechs_add(actor=actor, party=party, email=email, phone=phone)
    shipping_purposes = [ContactMechPurpose.SHIPPING_LOCATION]
    if billing_address is None:
        shipping_purposes.append(ContactMechPurpose.BILLING_LOCATION)
    contact_mech_add(
        actor=actor,
        party=party,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=shipping_purposes,
        **shipping_address,
    )
    if billing_address is not None:
        contact_mech_add(
            actor=actor,
            party=party,
            kind=ContactMechKind.POSTAL_ADDRESS,
            purposes=[ContactMechPurpose.BILLING_LOCATION],
            **billing_address,
        )
    return party


# Sharing -----------------------------------------------------------------------------------


def party_share(
    *, actor: User, party: Party, action: str, user: User | None = None, team: Team | None = None
) -> None:
    """Grant view or change (change includes view) to a user or a team."""
    access.share(
        obj=party, action=action, actor=actor, user=user, group=team.group if team else None
    )


def party_unshare(
    *, actor: User, party: Party, action: str, user: User | None = None, team: Team | None = None
) -> None:
    """Revoke view (and with it change) or change alone. The owner's own rights stay."""
    access.unshare(
        obj=party, action=action, actor=actor, user=user, group=team.group if team else None
    )


def party_reassign(*, actor: User, party: Party, new_owner: User) -> None:
    access.reassign(obj=party, new_owner=new_owner, actor=actor, access_key=ACCESS_KEY)
