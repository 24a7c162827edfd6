"""Tags on deals (the parties' vocabulary: parties.services.tags)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Exists, OuterRef

from opportunities.models import Opportunity, OpportunityTag
from parties.models import Tag
from parties.services.tags import tag_get_or_create


def _tag(actor: User, tag: Tag | str) -> Tag:
    return tag if isinstance(tag, Tag) else tag_get_or_create(actor=actor, name=tag)


@transaction.atomic
def opportunity_tag_add(*, actor: User, record: Opportunity, tag: Tag | str) -> bool:
    """Tags the deal (the caller loaded it for CHANGE); False if it had the tag already."""
    tag = _tag(actor, tag)
    _, created = OpportunityTag.objects.get_or_create(
        opportunity=record, tag=tag, defaults={"added_by": actor}
    )
    return created


@transaction.atomic
def opportunity_tag_remove(*, actor: User, record: Opportunity, tag: Tag) -> bool:
    deleted, _ = OpportunityTag.objects.filter(opportunity=record, tag=tag).delete()
    return bool(deleted)


@transaction.atomic
def opportunities_tag_bulk(
    *, actor: User, records_qs: models.QuerySet[Opportunity], tag: Tag | str
) -> int:
    """Tags every deal of the queryset (already narrowed to those `actor` may change) that
    does not have the tag yet; returns how many it tagged."""
    tag = _tag(actor, tag)
    untagged = records_qs.order_by().filter(
        ~Exists(OpportunityTag.objects.filter(opportunity=OuterRef("pk"), tag=tag))
    )
    links = [
        OpportunityTag(opportunity_id=pk, tag=tag, added_by=actor)
        for pk in untagged.values_list("pk", flat=True).distinct()
    ]
    OpportunityTag.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    return len(links)
