"""Starting employment and ending relationships between parties."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parties.models import Party, PartyKind, PartyRelationship, RelationshipKind


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
