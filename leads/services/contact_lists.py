"""Writes on contact lists and their members (accepting a member needs consent)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leads.models import ContactList, ContactListMember, MemberStatus
from parties.models import Consent, Party, PartyRole, RoleType


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
