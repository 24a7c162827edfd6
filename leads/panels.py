"""The leads panels on other apps' pages (crm.panels; registered in apps.py): the leads a
partner brought, on the partner's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from crm.panels import Panel
from leads.models import LeadStatus
from parties.kinds import LEADS
from parties.models import Party
from parties.selectors import page_queryset

PANEL_SIZE = 10


@dataclass
class PartnerLeads:
    rows: list[Party] = field(default_factory=list)
    count: int = 0  # of the partner's leads the viewer may see
    converted: int = 0
    all_url: str = ""


def partner_leads(user, partner: Party) -> PartnerLeads:
    """The leads `partner` brought that `user` may see (the lead pages' own rule), newest
    first, with how many there are and how many were converted: two queries."""
    visible = page_queryset(user, LEADS).filter(lead__partner=partner)
    counts = visible.aggregate(
        count=Count("pk"), converted=Count("pk", filter=Q(lead__status=LeadStatus.CONVERTED))
    )
    rows = list(visible.select_related("lead", "owner").order_by("-created_at", "-id")[:PANEL_SIZE])
    return PartnerLeads(
        rows=rows,
        count=counts["count"],
        converted=counts["converted"],
        all_url=f"{reverse('leads:list')}?{urlencode({'partner': partner.pk})}",
    )


def _partner_leads(request, partner, **page) -> dict:
    return {"partner_leads": partner_leads(request.user, partner)}


PARTNER_LEADS = Panel("leads", "leads/_partner_leads.html", _partner_leads, order=20)
