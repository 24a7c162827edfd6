"""Writes on an opportunity's competitors and contact roles."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opportunities.models import (
    ContactRoleKind,
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
)
from opportunities.services.opportunities import has_role
from parties.models import Party, PartyKind, PartyRole, RoleType


def _open_deal(opportunity_id: int) -> Opportunity:
    """The deal, locked for the change: a closed deal's competitors and contact roles are
    part of its record and stay as they were until it is reopened."""
    locked = Opportunity.objects.select_for_update().get(pk=opportunity_id)
    if locked.is_closed:
        raise ValidationError(_("This opportunity is closed; reopen it to change it."))
    return locked


@transaction.atomic
def competitor_add(
    *,
    actor: User,
    opportunity: Opportunity,
    competitor: Party,
    strengths: str = "",
    weaknesses: str = "",
) -> OpportunityCompetitor:
    """A party becomes a COMPETITOR (if it was not one) and is linked with its strengths and
    weaknesses on this deal (an open one)."""
    opportunity = _open_deal(opportunity.pk)
    if competitor.pk == opportunity.account_id:
        raise ValidationError({"competitor": _("The account cannot be its own competitor.")})
    if OpportunityCompetitor.objects.filter(
        opportunity=opportunity, competitor=competitor
    ).exists():
        raise ValidationError({"competitor": _("This competitor is already listed.")})
    PartyRole.objects.get_or_create(party=competitor, role=RoleType.COMPETITOR)
    row = OpportunityCompetitor(
        opportunity=opportunity,
        competitor=competitor,
        strengths=strengths.strip(),
        weaknesses=weaknesses.strip(),
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def competitor_remove(*, actor: User, competitor: OpportunityCompetitor) -> None:
    _open_deal(competitor.opportunity_id)
    competitor.delete()


@transaction.atomic
def contact_role_add(
    *, actor: User, opportunity: Opportunity, contact: Party, role: str
) -> OpportunityContactRole:
    """A contact's role (decision maker, influencer, ...) on an open deal."""
    opportunity = _open_deal(opportunity.pk)
    if role not in ContactRoleKind.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if contact.kind != PartyKind.PERSON or not has_role(contact, RoleType.CONTACT):
        raise ValidationError({"contact": _("Choose a contact.")})
    if OpportunityContactRole.objects.filter(
        opportunity=opportunity, contact=contact, role=role
    ).exists():
        raise ValidationError({"contact": _("This contact already has this role here.")})
    return OpportunityContactRole.objects.create(
        opportunity=opportunity, contact=contact, role=role
    )


@transaction.atomic
def contact_role_remove(*, actor: User, contact_role: OpportunityContactRole) -> None:
    _open_deal(contact_role.opportunity_id)
    contact_role.delete()
