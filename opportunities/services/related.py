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
    weaknesses on this deal."""
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


def competitor_remove(*, actor: User, competitor: OpportunityCompetitor) -> None:
    competitor.delete()


@transaction.atomic
def contact_role_add(
    *, actor: User, opportunity: Opportunity, contact: Party, role: str
) -> OpportunityContactRole:
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


def contact_role_remove(*, actor: User, contact_role: OpportunityContactRole) -> None:
    contact_role.delete()
