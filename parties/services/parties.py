"""Creating and editing parties: contacts, accounts and customers, status, roles."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crm import access
from crm.exceptions import ConcurrentUpdate
from parties.models import (
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyKind,
    PartyRole,
    PartyStatus,
    RoleType,
)
from parties.services.contact_mechs import contact_mech_add, primary_contact_mechs_add
from parties.services.relationships import employment_start

ACCESS_KEY = "party"


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
