"""Recognizing our own vCards: a card whose UID names a record of this CRM."""

from __future__ import annotations

from django.contrib.auth.models import User

from parties.selectors import parties_visible_to
from parties.vcards import ParsedCard, party_pk_from_uid


def known_cards(*, user: User, cards: list[ParsedCard], host: str) -> dict[int, str]:
    """The cards (by index) downloaded from this CRM at `host` whose record is still here
    and `user` may see, with its name, in one query. A card of a record the user may not
    see is not recognized (that would tell them it exists): it is imported as any other."""
    pks = {card.index: pk for card in cards if (pk := party_pk_from_uid(card.uid, host))}
    if not pks:
        return {}
    names = dict(
        parties_visible_to(user).filter(pk__in=set(pks.values())).values_list("pk", "display_name")
    )
    return {index: names[pk] for index, pk in pks.items() if pk in names}
