"""The dashboard's party panels: my counts, my recent changes, shared with me."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count

from crm import access
from parties.models import Party, PartyRole, RoleType
from parties.selectors.lists import with_list_columns
from parties.selectors.visibility import parties_visible_to


def dashboard_for(user: User) -> dict:
    """My active records per role (one grouped query), what I updated lately, and what was
    shared with me lately."""
    counts = dict(
        PartyRole.objects.filter(
            party__owner=user,
            party__status="active",
            role__in=[RoleType.CONTACT, RoleType.ACCOUNT, RoleType.CUSTOMER],
        )
        .values_list("role")
        .annotate(n=Count("party"))
        .order_by()
    )
    visible = with_list_columns(parties_visible_to(user).prefetch_related("roles"))
    recent = list(visible.filter(updated_by=user).order_by("-updated_at", "-id")[:10])
    shared_ids = access.recently_shared_with(user, Party, limit=10)
    shared = sorted(visible.filter(pk__in=shared_ids), key=lambda p: shared_ids.index(p.pk))
    return {
        "counts": {
            "contacts": counts.get(RoleType.CONTACT, 0),
            "accounts": counts.get(RoleType.ACCOUNT, 0),
            "customers": counts.get(RoleType.CUSTOMER, 0),
        },
        "recent": recent,
        "shared": shared,
    }
