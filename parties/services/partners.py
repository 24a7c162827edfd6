"""Partners: making an organization a partner on an agreement, changing the agreement's
terms, and ending it. A later agreement is a new row; ended ones stay as history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.access import CHANGE
from crm.exceptions import ConcurrentUpdate
from parties.models import LeadSource, Partnership, PartnerType, Party, PartyKind, RoleType
from parties.selectors.partners import is_current_partner, partner_actions, terms_order
from parties.selectors.visibility import parties_visible_to
from parties.services.parties import party_create, party_role_add

HUNDRED = Decimal("100")
PARTNER_SOURCE = "partner"  # the seeded lead source (leads' 0002 migration)


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _validate_terms(
    *,
    type: str,
    owner: User | None,
    commission_rate,
    from_date: datetime.date | None,
    thru_date: datetime.date | None = None,
) -> dict:
    """The errors of an agreement's own fields, by field."""
    errors = {}
    if type not in PartnerType.values:
        errors["type"] = _("Choose the type of partner.")
    if owner is None or not owner.is_active:
        errors["owner"] = _("Choose the channel manager, an active user.")
    if commission_rate is None:
        errors["commission_rate"] = _("Enter the commission rate, from 0 to 100 %.")
    else:
        rate = Decimal(commission_rate)
        if not rate.is_finite() or not Decimal(0) <= rate <= HUNDRED:
            errors["commission_rate"] = _("The commission rate must be from 0 to 100 %.")
        elif rate != rate.quantize(Decimal("0.01")):
            errors["commission_rate"] = _("Give the commission rate with at most two decimals.")
    if from_date is None:
        errors["from_date"] = _("When does the agreement start?")
    elif thru_date is not None:
        if thru_date < from_date:
            errors["thru_date"] = _("The agreement cannot end before it starts.")
        elif thru_date > timezone.localdate():
            errors["thru_date"] = _(
                "Leave “until” empty for an agreement still in force, and end it on the "
                "partner's page when it ends."
            )
    return errors


def _overlap_error(
    partner: Party,
    from_date: datetime.date,
    thru_date: datetime.date | None,
    *,
    exclude: int | None = None,
) -> dict:
    """An agreement overlapping another of the partner's: the history would say two
    things about one day."""
    others = terms_order(Partnership.objects.filter(partner=partner))
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for other in others:
        if thru_date is None and other.thru_date is None:
            return {
                "organization": _(
                    "%(name)s is already a current partner (since %(since)s): change its "
                    "terms on its page instead."
                )
                % {"name": partner.display_name, "since": _day(other.from_date)}
            }
        # Two agreements may touch on one day (a handover: one's last day is the next one's
        # first); the one that starts later is in force on it.
        starts_before_other_ends = other.thru_date is None or from_date < other.thru_date
        ends_after_other_starts = thru_date is None or thru_date > other.from_date
        if starts_before_other_ends and ends_after_other_starts:
            if other.thru_date is None:
                message = _("This overlaps the current agreement, in force since %(from)s.")
            else:
                message = _("This overlaps the agreement from %(from)s until %(thru)s.")
            return {
                "from_date": message
                % {"from": _day(other.from_date), "thru": _day(other.thru_date or from_date)}
            }
    return {}


@transaction.atomic
def partner_create(
    *,
    actor: User,
    type: str,
    commission_rate,
    owner: User | None = None,
    organization: Party | None = None,
    name: str = "",
    from_date: datetime.date | None = None,
    thru_date: datetime.date | None = None,
) -> Partnership:
    """An agreement with an organization, which gets the PARTNER role: an existing one the
    actor may see (`organization`), or a new account named `name` (owned by the channel
    manager). `thru_date` records an agreement that has already ended. Refused: a person,
    an organization that is a current partner already, an agreement overlapping another of
    its agreements, a commission outside 0–100 %, an end before the start."""
    if not actor.has_perm("parties.add_partnership"):
        raise PermissionDenied
    owner = owner or actor
    from_date = from_date or timezone.localdate()
    errors = _validate_terms(
        type=type,
        owner=owner,
        commission_rate=commission_rate,
        from_date=from_date,
        thru_date=thru_date,
    )
    if organization is not None:
        if organization.kind != PartyKind.ORGANIZATION:
            errors["organization"] = _(
                "A partner is an organization: %(name)s is a person. Choose their company."
            ) % {"name": organization.display_name}
        elif not parties_visible_to(actor).filter(pk=organization.pk).exists():
            errors["organization"] = _("No organization you may see has that number.")
        else:
            # One agreement written at a time per partner: the overlap check holds.
            organization = Party.objects.select_for_update().get(pk=organization.pk)
            if not errors:
                errors.update(_overlap_error(organization, from_date, thru_date))
    elif not name.strip():
        errors["name"] = _("Choose an existing organization or name the new one.")
    if errors:
        raise ValidationError(errors)
    if organization is None:
        organization = party_create(
            actor=actor,
            kind=PartyKind.ORGANIZATION,
            # An account too: its page keeps its contact details, people and sharing.
            roles=[RoleType.ACCOUNT, RoleType.PARTNER],
            owner=owner,
            name=name.strip(),
        )
    else:
        party_role_add(party=organization, role=RoleType.PARTNER)
    partnership = Partnership(
        partner=organization,
        type=type,
        owner=owner,
        commission_rate=Decimal(commission_rate),
        from_date=from_date,
        thru_date=thru_date,
        created_by=actor,
    )
    partnership.full_clean()
    partnership.save()
    return partnership


def _locked(partnership: Partnership) -> Partnership:
    return (
        Partnership.objects.select_for_update()
        .select_related("partner", "owner")
        .get(pk=partnership.pk)
    )


def _require_change(actor: User, partnership: Partnership) -> None:
    partner = partnership.partner
    partner.latest_terms = partnership
    if CHANGE not in partner_actions(actor, partner):
        raise PermissionDenied


@transaction.atomic
def partnership_update(
    *,
    actor: User,
    partnership: Partnership,
    expected_version: int,
    type: str,
    owner: User,
    commission_rate,
    from_date: datetime.date,
) -> Partnership:
    """Change the current agreement's terms (type, channel manager, commission rate, start)
    unless someone else saved it since `expected_version`. An ended agreement is history:
    a new one is a new agreement."""
    locked = _locked(partnership)
    _require_change(actor, locked)
    if locked.version != expected_version:
        raise ConcurrentUpdate
    if not locked.is_current:
        raise ValidationError(
            _("This agreement has ended; start a new agreement with the partner instead.")
        )
    errors = _validate_terms(
        type=type, owner=owner, commission_rate=commission_rate, from_date=from_date
    )
    if not errors:
        errors = _overlap_error(locked.partner, from_date, None, exclude=locked.pk)
    if errors:
        raise ValidationError(errors)
    locked.type = type
    locked.owner = owner
    locked.commission_rate = Decimal(commission_rate)
    locked.from_date = from_date
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def partnership_end(
    *, actor: User, partnership: Partnership, thru_date: datetime.date | None = None
) -> Partnership:
    """End the agreement on `thru_date` (its last day; today by default). It stays in the
    partner's history; the partner is no longer current."""
    locked = _locked(partnership)
    _require_change(actor, locked)
    if not locked.is_current:
        raise ValidationError(
            _("This agreement already ended on %(day)s.") % {"day": _day(locked.thru_date)}
        )
    thru_date = thru_date or timezone.localdate()
    if thru_date < locked.from_date:
        raise ValidationError(
            {
                "thru_date": _("The agreement cannot end before it started (%(day)s).")
                % {"day": _day(locked.from_date)}
            }
        )
    if thru_date > timezone.localdate():
        raise ValidationError(
            {"thru_date": _("End the agreement on its last day, today at the latest.")}
        )
    locked.thru_date = thru_date
    locked.version += 1
    locked.save(update_fields=["thru_date", "version"])
    return locked


def credited_partner(
    partner: Party | None, source: LeadSource | None, *, keep: int | None = None
) -> LeadSource | None:
    """Check the partner a lead (or a deal) is credited to, a current partner unless it is
    the one it already had (`keep`); and the lead source it then comes with: "partner" when
    none was given."""
    if partner is None:
        return source
    if partner.pk != keep and not is_current_partner(partner):
        raise ValidationError({"partner": _("Choose a current partner.")})
    if source is None:
        source = LeadSource.objects.filter(code=PARTNER_SOURCE, active=True).first()
    return source
