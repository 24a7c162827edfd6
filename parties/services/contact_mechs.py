"""Adding, editing and ending a party's contact mechanisms and their purposes."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parties.models import (
    PURPOSES_BY_KIND,
    SINGLE_PURPOSES,
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
)
from parties.normalize import normalize_email, normalize_phone, normalize_url

ADDRESS_FIELDS = ("to_name", "address1", "address2", "city", "postal_code", "state", "country")


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
                    "value": clash.party_contact_mech.contact_mech.shown_value,
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


def primary_contact_mechs_add(*, actor, party, email="", phone="", website=""):
    for kind, purpose, value in (
        (ContactMechKind.EMAIL, ContactMechPurpose.PRIMARY_EMAIL, email),
        (ContactMechKind.PHONE, ContactMechPurpose.PRIMARY_PHONE, phone),
        (ContactMechKind.WEB, ContactMechPurpose.PRIMARY_WEB_URL, website),
    ):
        if value:
            contact_mech_add(actor=actor, party=party, kind=kind, value=value, purposes=[purpose])
