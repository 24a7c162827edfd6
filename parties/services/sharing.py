"""Sharing, unsharing and reassigning a party."""

from __future__ import annotations

from django.contrib.auth.models import User

from crm import access
from crm.models import Team
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


def party_reassign(*, actor: User, party: Party, new_owner: User) -> None:
    access.reassign(obj=party, new_owner=new_owner, actor=actor, access_key=ACCESS_KEY)
