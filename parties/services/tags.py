"""Tags on parties: the vocabulary (a tag is created by typing a new name) and the links.
The deals' links are written by opportunities.services.tags through the same link helpers."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from parties.models import Party, PartyTag, Tag
from parties.models.tags import NAME_MAX_LENGTH, TagColour, TagLink


def tag_name_clean(name: str) -> str:
    """The name as stored: trimmed, inner runs of spaces made one. Empty or too long: refused."""
    cleaned = re.sub(r"\s+", " ", (name or "").replace("\x00", "")).strip()
    if not cleaned:
        raise ValidationError(_("Type a tag's name."), code="required")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("A tag's name has at most %(max)d characters.") % {"max": NAME_MAX_LENGTH},
            code="max_length",
        )
    return cleaned


def tag_find(name: str) -> Tag | None:
    """The tag of this name, whatever its case (the unique expression index)."""
    cleaned = re.sub(r"\s+", " ", (name or "").replace("\x00", "")).strip().lower()
    return Tag.objects.alias(lname=Lower("name")).filter(lname=cleaned).first()


def tag_get_or_create(*, actor: User, name: str, colour: str = TagColour.GREY) -> Tag:
    """The tag of this name (any case), created by `actor` if there is none yet."""
    cleaned = tag_name_clean(name)
    tag = tag_find(cleaned)
    if tag is not None:
        return tag
    try:
        with transaction.atomic():
            return Tag.objects.create(name=cleaned, colour=colour, created_by=actor)
    except IntegrityError:
        # Someone created it meanwhile.
        tag = tag_find(cleaned)
        if tag is None:
            raise
        return tag


def _tag(actor: User, tag: Tag | str) -> Tag:
    return tag if isinstance(tag, Tag) else tag_get_or_create(actor=actor, name=tag)


# The links, written the same way whatever the kind of record: `through` is the link table
# (a parties.models.tags.TagLink: PartyTag, OpportunityTag, ...), so the apps above reuse
# these rather than copy them.


@transaction.atomic
def link_add(through: type[TagLink], *, actor: User, record: models.Model, tag: Tag | str) -> bool:
    """Tags the record (the caller loaded it for CHANGE); False if it had the tag already."""
    tag = _tag(actor, tag)
    _, created = through.objects.get_or_create(
        **{through.record_field: record}, tag=tag, defaults={"added_by": actor}
    )
    return created


@transaction.atomic
def link_remove(through: type[TagLink], *, record: models.Model, tag: Tag) -> bool:
    """Takes the tag off the record; False if it did not have it."""
    deleted, _ = through.objects.filter(**{through.record_field: record}, tag=tag).delete()
    return bool(deleted)


@transaction.atomic
def links_add_bulk(
    through: type[TagLink], *, actor: User, records_qs: models.QuerySet, tag: Tag | str
) -> int:
    """Tags every record of the queryset (already narrowed to those `actor` may change) that
    does not have the tag yet, in one statement per thousand; returns how many it tagged."""
    tag = _tag(actor, tag)
    untagged = records_qs.order_by().filter(
        ~Exists(through.objects.filter(**{through.record_field: OuterRef("pk")}, tag=tag))
    )
    links = [
        through(**{f"{through.record_field}_id": pk}, tag=tag, added_by=actor)
        for pk in untagged.values_list("pk", flat=True).distinct()
    ]
    through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    return len(links)


def tag_add(*, actor: User, record: Party, tag: Tag | str) -> bool:
    """Tags the party (the caller loaded it for CHANGE); False if it had the tag already."""
    return link_add(PartyTag, actor=actor, record=record, tag=tag)


def tag_remove(*, actor: User, record: Party, tag: Tag) -> bool:
    """Takes the tag off the party; False if it did not have it."""
    return link_remove(PartyTag, record=record, tag=tag)


def tags_add_bulk(*, actor: User, records_qs: models.QuerySet[Party], tag: Tag | str) -> int:
    """Tags every party of the queryset that `actor` may change and that lacks the tag."""
    return links_add_bulk(PartyTag, actor=actor, records_qs=records_qs, tag=tag)


def _link_models() -> list[type[TagLink]]:
    """Every table that links records to tags (PartyTag, and the apps' above: OpportunityTag),
    found through the tag's reverse foreign keys, so parties needs to import none of them."""
    return [
        relation.related_model
        for relation in Tag._meta.related_objects
        if relation.one_to_many and issubclass(relation.related_model, TagLink)
    ]


@transaction.atomic
def tags_merge(*, actor: User, keep: Tag, merge: list[Tag]) -> int:
    """Moves every record tagged with one of `merge` to `keep` (once each) and deletes the
    merged tags; returns how many links were moved."""
    others = [tag.pk for tag in merge if tag.pk != keep.pk]
    moved = 0
    for model in _link_models():
        record_field = model._meta.get_field(model.record_field).attname
        already = model.objects.filter(tag=keep).values(record_field)
        model.objects.filter(tag_id__in=others, **{f"{record_field}__in": already}).delete()
        # Two merged tags on one record: keep one of its links.
        seen: set[int] = set()
        duplicates = []
        for pk, record_id in model.objects.filter(tag_id__in=others).values_list(
            "pk", record_field
        ):
            if record_id in seen:
                duplicates.append(pk)
            seen.add(record_id)
        model.objects.filter(pk__in=duplicates).delete()
        moved += model.objects.filter(tag_id__in=others).update(tag=keep)
    Tag.objects.filter(pk__in=others).delete()
    return moved
