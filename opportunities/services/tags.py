"""Tags on deals (the parties' vocabulary and link helpers: parties.services.tags)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models

from opportunities.models import Opportunity, OpportunityTag
from parties.models import Tag
from parties.services.tags import link_add, link_remove, links_add_bulk


def opportunity_tag_add(*, actor: User, record: Opportunity, tag: Tag | str) -> bool:
    """Tags the deal (the caller loaded it for CHANGE); False if it had the tag already."""
    return link_add(OpportunityTag, actor=actor, record=record, tag=tag)


def opportunity_tag_remove(*, actor: User, record: Opportunity, tag: Tag) -> bool:
    return link_remove(OpportunityTag, record=record, tag=tag)


def opportunities_tag_bulk(
    *, actor: User, records_qs: models.QuerySet[Opportunity], tag: Tag | str
) -> int:
    """Tags every deal of the queryset (already narrowed to those `actor` may change) that
    does not have the tag yet; returns how many it tagged."""
    return links_add_bulk(OpportunityTag, actor=actor, records_qs=records_qs, tag=tag)
