"""Every read the lead pages make, permission-filtered in SQL (a lead's access is its
party's)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from leads.models import Lead, LeadStatus, LeadStatusChange
from parties import selectors as party_selectors
from parties.kinds import LEADS
from parties.models import Party

SORTS = party_selectors.SORTS


def leads_for_list(user: User) -> QuerySet[Party]:
    """The lead parties `user` may see, with what a list row shows."""
    return party_selectors.with_list_columns(
        party_selectors.page_queryset(user, LEADS).filter(lead__isnull=False)
    ).select_related("lead", "lead__campaign", "lead__partner", "source")


def lead_for_page(user: User, pk) -> Party:
    """The lead party (404 when unseen), with its Lead row."""
    party = party_selectors.party_for_page(user, LEADS, pk)
    try:
        party.lead  # noqa: B018 — a LEAD-role party without a Lead row is not a lead page
    except Lead.DoesNotExist as exc:
        raise Http404 from exc
    return party


def lead_detail_extras(user: User, lead: Lead) -> dict:
    """The status history and what a converted lead became (named only when visible)."""
    history = list(
        LeadStatusChange.objects.filter(lead=lead)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )
    became = {}
    ids = [lead.converted_account_id, lead.converted_contact_id]
    visible = party_selectors.visible_ids(user, ids)
    for key, pk in (("account", lead.converted_account_id), ("contact", lead.converted_contact_id)):
        if pk is not None:
            became[key] = {"pk": pk, "visible": pk in visible}
    if became.get("account", {}).get("visible"):
        became["account"]["name"] = (
            Party.objects.filter(pk=lead.converted_account_id)
            .values_list("display_name", flat=True)
            .first()
        )
    return {"status_history": history, "became": became}


OPEN_STATUSES = [LeadStatus.NEW, LeadStatus.ASSIGNED, LeadStatus.QUALIFIED]


def my_open_leads(user: User, limit: int = 10) -> tuple[int, list[Party]]:
    """For the dashboard: how many open leads I own, and the newest of them."""
    mine = Party.objects.filter(owner=user, lead__status__in=OPEN_STATUSES)
    newest = party_selectors.with_list_columns(mine).select_related("lead")
    return mine.count(), list(newest.order_by("-created_at", "-id")[:limit])
