"""Sharing, unsharing and reassigning a party."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from crm import access, notifications
from crm.models import Team
from parties.kinds import LEADS, page_kind_for
from parties.models import Party
from parties.services.parties import ACCESS_KEY


def party_share(
    *, actor: User, party: Party, action: str, user: User | None = None, team: Team | None = None
) -> None:
    """Grant view or change (change includes view) to a user or a team."""
    access.share(
        obj=party, action=action, actor=actor, user=user, group=team.group if team else None
    )


def party_unshare(
    *, actor: User, party: Party, action: str, user: User | None = None, team: Team | None = None
) -> None:
    """Revoke view (and with it change) or change alone. The owner's own rights stay."""
    access.unshare(
        obj=party, action=action, actor=actor, user=user, group=team.group if team else None
    )


@transaction.atomic
def party_reassign(*, actor: User, party: Party, new_owner: User) -> None:
    """A lead handed to someone else from its Sharing page tells them, as an assignment does."""
    handed = party.owner_id != new_owner.pk
    access.reassign(obj=party, new_owner=new_owner, actor=actor, access_key=ACCESS_KEY)
    if handed and page_kind_for(party) is LEADS:
        notifications.notify(
            recipient=new_owner,
            kind=notifications.LEAD_ASSIGNED,
            actor=actor,
            record=party,
            text=_("%(actor)s assigned the lead %(name)s to you.")
            % {"actor": notifications.name_of(actor), "name": party.display_name},
            url=reverse("leads:detail", args=[party.pk]),
        )
