"""Reads about tags: the suggestions of the "Add a tag" field, a record's tags (one query for
a page, one prefetch for a list's rows) and the lists' filter."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Lower

from parties.models import Party, PartyTag, Tag

SUGGESTIONS = 10


def tags_suggest(text: str, limit: int = SUGGESTIONS) -> list[Tag]:
    """Tags whose name starts with the text first, then those that contain it (any case)."""
    text = " ".join((text or "").replace("\x00", "").split()).lower()[:50]
    queryset = Tag.objects.alias(lname=Lower("name"))
    if not text:
        return list(queryset.order_by("lname")[:limit])
    starting = list(queryset.filter(lname__startswith=text).order_by("lname")[:limit])
    if len(starting) < limit:
        starting += list(
            queryset.filter(lname__contains=text)
            .exclude(pk__in=[tag.pk for tag in starting])
            .order_by("lname")[: limit - len(starting)]
        )
    return starting


def party_tags(party: Party) -> list[PartyTag]:
    """The party's tag links with their tags, by name."""
    return list(
        PartyTag.objects.filter(party=party).select_related("tag").order_by(Lower("tag__name"))
    )


def links_prefetch(lookup: str, model) -> Prefetch:
    """Prefetch of a list's rows' tag links (`lookup` on `model`) into `row.tag_links`:
    one query for the page, whatever its rows."""
    return Prefetch(
        lookup,
        queryset=model.objects.select_related("tag").order_by(Lower("tag__name")),
        to_attr="tag_links",
    )


def with_tags(queryset: QuerySet[Party]) -> QuerySet[Party]:
    """The parties with their tag links (`party.tag_links`), for a list's chips."""
    return queryset.prefetch_related(links_prefetch("party_tags", PartyTag))


def tagged_with(queryset: QuerySet, tag_ids, *, link_model=PartyTag, field: str = "party"):
    """The rows that have every one of the tags: an EXISTS over the link table per tag
    (its (tag, record) index)."""
    for tag_id in tag_ids:
        queryset = queryset.filter(
            Exists(link_model.objects.filter(**{field: OuterRef("pk")}, tag_id=tag_id))
        )
    return queryset


def tag_choices() -> list[tuple[int, str]]:
    """Every tag, (id, name) by name, for the lists' filter."""
    return list(Tag.objects.order_by(Lower("name")).values_list("pk", "name"))
