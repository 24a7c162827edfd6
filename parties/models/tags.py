"""Tags: a shared vocabulary of short labels (name unique whatever its case, one colour of a
small palette) that reps put on parties (contacts, accounts, customers, leads) and deals, and
filter lists by. Links are explicit tables (PartyTag here, OpportunityTag in opportunities),
indexed by tag for the lists' EXISTS filter and by record for the chips on a page."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models.parties import Party

NAME_MAX_LENGTH = 50


class TagColour(models.TextChoices):
    GREY = "grey", _("Grey")
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    PURPLE = "purple", _("Purple")
    TEAL = "teal", _("Teal")


# Background and text of each colour: a light tint with a dark text of the same hue, every
# pair above 7:1 contrast (WCAG AAA), so a chip stays readable whatever its colour.
PALETTE = {
    TagColour.GREY: ("#e9ecef", "#212529"),
    TagColour.BLUE: ("#cfe2ff", "#052c65"),
    TagColour.GREEN: ("#d1e7dd", "#0a3622"),
    TagColour.YELLOW: ("#fff3cd", "#4d3a02"),
    TagColour.ORANGE: ("#ffe5d0", "#5c2a03"),
    TagColour.RED: ("#f8d7da", "#58151c"),
    TagColour.PURPLE: ("#e2d9f3", "#2f1460"),
    TagColour.TEAL: ("#d2f4ea", "#0b4132"),
}


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    colour = models.CharField(
        _("colour"), max_length=10, choices=TagColour.choices, default=TagColour.GREY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            # "VIP" and "vip" are one tag; the expression index also serves the lookups by name.
            models.UniqueConstraint(Lower("name"), name="tag_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def style(self) -> str:
        background, text = PALETTE.get(self.colour, PALETTE[TagColour.GREY])
        return f"background-color: {background}; color: {text}"


class TagLink(models.Model):
    """The shape of every link table between a kind of record and its tags (PartyTag here,
    OpportunityTag in opportunities): who added it and when. A subclass declares its record
    and `tag` foreign keys (each with its own reverse name) and names the record's field in
    `record_field`, so that one set of services (parties.services.tags) writes them all."""

    record_field: ClassVar[str]

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, f'{self.record_field}_id')}: {self.tag_id}"


class PartyTag(TagLink):
    """A tag on a party (a contact, account, customer or lead)."""

    record_field = "party"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="party_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="party_links")

    class Meta:
        verbose_name = _("party tag")
        constraints = [
            # Also the index of a party's tags (the chips on its page and in lists).
            models.UniqueConstraint(fields=["party", "tag"], name="partytag_unique"),
        ]
        # The lists' filter: EXISTS (a link with this tag for the row's party).
        indexes = [models.Index(fields=["tag", "party"], name="partytag_tag_party_idx")]
