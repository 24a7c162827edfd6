"""Opportunity writes: create, edit, stage moves, close and reopen, reassign, with history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from crm import access, notifications
from crm.exceptions import ConcurrentUpdate
from opportunities.hooks import opportunity_changed
from opportunities.models import Opportunity, OpportunityHistory, OpportunityStage, StageKind
from parties.models import Party, PartyKind, PartyRole, RoleType
from parties.services import credited_partner, journey_append

ACCESS_KEY = "opportunity"
Field = OpportunityHistory.Field
TRACKED = {
    "stage": Field.STAGE,
    "amount": Field.AMOUNT,
    "probability": Field.PROBABILITY,
    "currency": Field.CURRENCY,
    "expected_close_date": Field.EXPECTED_CLOSE_DATE,
}
# What an opportunity's form edits, in the form's order.
EDITABLE = (
    "name",
    "account",
    "primary_contact",
    "amount",
    "currency",
    "probability",
    "expected_close_date",
    "stage",
    "next_step",
    "next_step_date",
    "type",
    "lead_source",
    "campaign",
    "partner",
    "description",
)


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def _snapshot(opportunity: Opportunity) -> dict:
    return {name: getattr(opportunity, name) for name in TRACKED}


def _money(amount: Decimal, currency: str) -> str:
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)} {currency}"


def _journey(opportunity: Opportunity, summary: str, actor: User | None) -> None:
    """A touch point of the deal's account and primary contact."""
    journey_append(
        party_ids=[opportunity.account_id, opportunity.primary_contact_id],
        kind="deal",
        summary=summary,
        actor=actor,
        record_type="opportunity",
        record_id=opportunity.pk,
    )


def _journey_stage(*, opportunity: Opportunity, old: OpportunityStage, actor: User | None) -> None:
    """A stage change in the journey: moved, won, lost (with the reason) or reopened."""
    stage = opportunity.stage
    names = {"name": opportunity.name, "stage": stage.name}
    if stage.kind == StageKind.WON:
        summary = _("Deal “%(name)s” won") % names
    elif stage.kind == StageKind.LOST:
        names["reason"] = opportunity.close_reason
        summary = _("Deal “%(name)s” lost: %(reason)s") % names
    elif old.is_closed:
        summary = _("Deal “%(name)s” reopened in %(stage)s") % names
    else:
        summary = _("Deal “%(name)s” moved to %(stage)s") % names
    _journey(opportunity, summary, actor)


def _record_changes(
    *, opportunity: Opportunity, before: dict, actor: User | None, note: str = ""
) -> None:
    """The history rows of what changed; a stage change is also a touch point of the
    journey. Every stage change (edit, pipeline move, close, reopen) comes through here."""
    rows = [
        OpportunityHistory(
            opportunity=opportunity,
            field=TRACKED[name],
            old_value=_shown(old),
            new_value=_shown(getattr(opportunity, name)),
            changed_by=actor,
            note=note,
        )
        for name, old in before.items()
        if _shown(old) != _shown(getattr(opportunity, name))
    ]
    OpportunityHistory.objects.bulk_create(rows)
    old_stage = before.get("stage")
    if old_stage is not None and old_stage.pk != opportunity.stage_id:
        _journey_stage(opportunity=opportunity, old=old_stage, actor=actor)


def has_role(party: Party, role: str) -> bool:
    return PartyRole.objects.filter(party=party, role=role).exists()


def _validate(opportunity: Opportunity) -> None:
    errors = {}
    account = opportunity.account
    if account.kind != PartyKind.ORGANIZATION or not has_role(account, RoleType.ACCOUNT):
        errors["account"] = _("Choose an account.")
    contact = opportunity.primary_contact
    if contact is not None and (
        contact.kind != PartyKind.PERSON or not has_role(contact, RoleType.CONTACT)
    ):
        errors["primary_contact"] = _("Choose a contact.")
    if not opportunity.stage.active:
        errors["stage"] = _("This stage is no longer in use.")
    if errors:
        raise ValidationError(errors)
    opportunity.full_clean()


def default_currency(account: Party | None) -> str:
    return (account.preferred_currency if account else "") or settings.CRM_DEFAULT_CURRENCY


@transaction.atomic
def opportunity_create(
    *,
    actor: User,
    account: Party,
    name: str,
    stage: OpportunityStage,
    expected_close_date: datetime.date,
    owner: User | None = None,
    probability: int | None = None,
    currency: str = "",
    **fields,
) -> Opportunity:
    """A new open opportunity. Its probability is the stage's unless given; its currency the
    account's preferred one unless given. The owner gets every right, their team a view.
    A `partner` must be a current one, unless the deal's lead brought it (a conversion
    carries the lead's partner); without a lead source the deal's is then "partner"."""
    if stage.is_closed:
        raise ValidationError({"stage": _("A new opportunity starts in an open stage.")})
    partner = fields.get("partner")
    if partner is not None:
        lead = fields.get("lead")
        fields["lead_source"] = credited_partner(
            partner, fields.get("lead_source"), keep=lead.partner_id if lead else None
        )
    opportunity = Opportunity(
        account=account,
        name=name.strip(),
        stage=stage,
        expected_close_date=expected_close_date,
        owner=owner or actor,
        probability=stage.probability if probability is None else probability,
        currency=currency or default_currency(account),
        created_by=actor,
        updated_by=actor,
        **fields,
    )
    _validate(opportunity)
    opportunity.save()
    OpportunityHistory.objects.create(
        opportunity=opportunity,
        field=Field.CREATED,
        new_value=f"{stage.name} · {_shown(opportunity.amount)} {opportunity.currency}",
        changed_by=actor,
    )
    _journey(
        opportunity,
        _("Deal “%(name)s” opened: %(amount)s, %(stage)s")
        % {
            "name": opportunity.name,
            "amount": _money(opportunity.amount, opportunity.currency),
            "stage": stage.name,
        },
        actor,
    )
    access.grant_initial(
        obj=opportunity, owner=opportunity.owner, actor=actor, access_key=ACCESS_KEY
    )
    _recompute_forecasts(None, opportunity, actor)
    return opportunity


def _forecast_key(opportunity: Opportunity) -> tuple[int, datetime.date]:
    return (opportunity.owner_id, opportunity.expected_close_date)


def _recompute_forecasts(before, opportunity: Opportunity, actor: User | None) -> None:
    """What depends on the deal's money (the forecasts of the periods it left and entered)
    is recomputed by the apps hooked in, in this same transaction."""
    changes = [_forecast_key(opportunity)]
    if before is not None and before != changes[0]:
        changes.insert(0, before)
    opportunity_changed.run(changes=changes, actor=actor)


def _locked(opportunity: Opportunity) -> Opportunity:
    return (
        Opportunity.objects.select_for_update()
        .select_related("stage", "account")
        .get(pk=opportunity.pk)
    )


@transaction.atomic
def opportunity_update(
    *, actor: User, opportunity: Opportunity, expected_version: int, **fields
) -> Opportunity:
    """Save an edit unless someone else saved since `expected_version`. A new stage brings its
    default probability unless `probability` is given (the user typed one in this edit).
    Closed opportunities are read-only: reopen them first."""
    locked = _locked(opportunity)
    if locked.version != expected_version:
        raise ConcurrentUpdate
    if locked.is_closed:
        raise ValidationError(_("This opportunity is closed; reopen it to change it."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    stage = fields.get("stage", locked.stage)
    if stage.is_closed:
        raise ValidationError({"stage": _("Close the opportunity as won or lost instead.")})
    if fields.get("partner") is not None:
        # A newly chosen partner must be current; the one it had may have ended since.
        fields["lead_source"] = credited_partner(
            fields["partner"], fields.get("lead_source", locked.lead_source), keep=locked.partner_id
        )
    before = _snapshot(locked)
    key_before = _forecast_key(locked)
    if stage.pk != locked.stage_id and fields.get("probability") is None:
        fields["probability"] = stage.probability
    for name, value in fields.items():
        if name == "probability" and value is None:
            continue
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.updated_by = actor
    locked.version += 1
    _validate(locked)
    locked.save()
    _record_changes(opportunity=locked, before=before, actor=actor)
    _recompute_forecasts(key_before, locked, actor)
    return locked


@transaction.atomic
def opportunity_move(
    *, actor: User, opportunity: Opportunity, stage: OpportunityStage
) -> Opportunity:
    """The pipeline board's drag and drop: another open stage, with its default probability."""
    locked = _locked(opportunity)
    if locked.is_closed:
        raise ValidationError(_("A closed opportunity cannot be moved; reopen it first."))
    if stage.is_closed or not stage.active:
        raise ValidationError(_("Close the opportunity as won or lost from its page instead."))
    if stage.pk == locked.stage_id:
        return locked
    before = _snapshot(locked)
    locked.stage = stage
    locked.probability = stage.probability
    locked.updated_by = actor
    locked.version += 1
    locked.save(update_fields=["stage", "probability", "updated_by", "version", "updated_at"])
    _record_changes(opportunity=locked, before=before, actor=actor)
    _recompute_forecasts(None, locked, actor)
    return locked


def _closing_stage(kind: str) -> OpportunityStage:
    stage = OpportunityStage.objects.filter(kind=kind, active=True).order_by("position").first()
    if stage is None:
        raise ValidationError(_("No stage closes an opportunity this way; ask an administrator."))
    return stage


@transaction.atomic
def opportunity_close(
    *, actor: User, opportunity: Opportunity, won: bool, reason: str
) -> Opportunity:
    """Close as won or lost: a reason is required; the close date becomes today."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why it was won.") if won else _("Say why it was lost.")}
        )
    locked = _locked(opportunity)
    if locked.is_closed:
        raise ValidationError(_("This opportunity is already closed."))
    stage = _closing_stage(StageKind.WON if won else StageKind.LOST)
    before = _snapshot(locked)
    key_before = _forecast_key(locked)
    locked.stage = stage
    locked.probability = stage.probability
    locked.closed_at = timezone.now()
    locked.expected_close_date = timezone.localdate()
    locked.close_reason = reason
    locked.updated_by = actor
    locked.version += 1
    locked.save()
    _record_changes(opportunity=locked, before=before, actor=actor, note=reason)
    _recompute_forecasts(key_before, locked, actor)
    return locked


def can_reopen(user: User, opportunity: Opportunity) -> bool:
    """The owner, the manager of the owner's team, and administrators."""
    return access.can_reassign(user, opportunity)


@transaction.atomic
def opportunity_reopen(
    *, actor: User, opportunity: Opportunity, stage: OpportunityStage | None = None
) -> Opportunity:
    locked = _locked(opportunity)
    if not locked.is_closed:
        raise ValidationError(_("This opportunity is open."))
    if not can_reopen(actor, locked):
        raise PermissionDenied
    if stage is None:
        stage = (
            OpportunityStage.objects.filter(kind=StageKind.OPEN, active=True)
            .order_by("-position")
            .first()
        )
    if stage is None or stage.is_closed:
        raise ValidationError({"stage": _("Reopen into an open stage.")})
    before = _snapshot(locked)
    locked.stage = stage
    locked.probability = stage.probability
    locked.closed_at = None
    locked.close_reason = ""
    locked.updated_by = actor
    locked.version += 1
    locked.save()
    _record_changes(opportunity=locked, before=before, actor=actor, note=_("Reopened"))
    _recompute_forecasts(None, locked, actor)
    return locked


@transaction.atomic
def opportunity_reassign(*, actor: User, opportunity: Opportunity, new_owner: User) -> None:
    old_owner = opportunity.owner
    key_before = _forecast_key(opportunity)
    access.reassign(obj=opportunity, new_owner=new_owner, actor=actor, access_key=ACCESS_KEY)
    if old_owner.pk != new_owner.pk:
        _recompute_forecasts(key_before, opportunity, actor)
        OpportunityHistory.objects.create(
            opportunity=opportunity,
            field=Field.OWNER,
            old_value=old_owner.get_username(),
            new_value=new_owner.get_username(),
            changed_by=actor,
        )
        notifications.notify(
            recipient=new_owner,
            kind=notifications.DEAL_REASSIGNED,
            actor=actor,
            record=opportunity,
            text=_("%(actor)s made you the owner of the deal %(name)s.")
            % {"actor": notifications.name_of(actor), "name": opportunity.name},
            url=reverse("opportunities:detail", args=[opportunity.pk]),
        )
