"""The demo's tags and saved views: a handful of coloured tags on alice's and bob's first
contacts and accounts and on alice's open deals, carol's view of her team's open deals
(shared with the team) and alice's private view of her VIP contacts. Made through the
services; draws nothing from the generator (the builders before it are unchanged by it)."""

from __future__ import annotations

from crm.saved_views import saved_view_save
from demo.builders.common import Demo
from opportunities.models import Opportunity
from opportunities.services.tags import opportunity_tag_add
from parties.models import Party, RoleType, TagColour
from parties.selectors import with_role
from parties.services.tags import tag_add, tag_get_or_create

TAGS = [
    ("VIP", TagColour.PURPLE),
    ("Trade show 2026", TagColour.BLUE),
    ("Decision maker", TagColour.GREEN),
    ("Renewal risk", TagColour.RED),
    ("Hot", TagColour.ORANGE),
]
# Per owner: the tags of their first contacts, one list per contact.
CONTACT_TAGS = [
    ["VIP", "Decision maker"],
    ["Trade show 2026"],
    ["Hot", "Trade show 2026"],
    ["VIP"],
]
ACCOUNT_TAGS = [["VIP"], ["Renewal risk"]]
DEAL_TAGS = [["Hot"], ["Renewal risk"], ["Trade show 2026", "Hot"]]


def _first(queryset, n: int) -> list:
    return list(queryset.order_by("pk")[:n])


def build(demo: Demo) -> None:
    alice, bob, carol = demo.users["alice"], demo.users["bob"], demo.users["carol"]
    tags = {name: tag_get_or_create(actor=carol, name=name, colour=colour) for name, colour in TAGS}
    for owner in (alice, bob):
        owned = Party.objects.filter(owner=owner)
        contacts = _first(with_role(owned, RoleType.CONTACT), len(CONTACT_TAGS))
        for contact, names in zip(contacts, CONTACT_TAGS, strict=False):
            for name in names:
                tag_add(actor=owner, record=contact, tag=tags[name])
        accounts = _first(with_role(owned, RoleType.ACCOUNT), len(ACCOUNT_TAGS))
        for account, names in zip(accounts, ACCOUNT_TAGS, strict=False):
            for name in names:
                tag_add(actor=owner, record=account, tag=tags[name])
    deals = _first(Opportunity.objects.filter(owner=alice, closed_at__isnull=True), len(DEAL_TAGS))
    for deal, names in zip(deals, DEAL_TAGS, strict=False):
        for name in names:
            opportunity_tag_add(actor=alice, record=deal, tag=tags[name])
    saved_view_save(
        owner=carol,
        list_key="opportunities:list",
        name="Team deals closing soon",
        query="scope=team&state=open&sort=close",
        shared=True,
    )
    saved_view_save(
        owner=alice, list_key="contacts:list", name="My VIP contacts", query="scope=mine&tag=VIP"
    )
