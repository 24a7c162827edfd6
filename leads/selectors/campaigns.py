"""Reads of the campaign pages: campaigns with their figures, and the public form's campaign."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from crm import access
from leads.models import (
    ContactListMember,
    Lead,
    LeadStatus,
    MarketingCampaign,
    MemberStatus,
)
from parties import selectors as party_selectors

CAMPAIGN_SORTS = {
    "name": (Lower("name").asc(), "pk"),
    "-name": (Lower("name").desc(), "-pk"),
    "start": ("start_date", "pk"),
    "-start": ("-start_date", "-pk"),
}


def campaigns_for_list(*, status: str = "", sort: str = "-start") -> QuerySet[MarketingCampaign]:
    """Every campaign (campaigns are few and not record-guarded), with its lead count."""
    queryset = MarketingCampaign.objects.select_related("owner").annotate(
        leads_generated=Count("leads")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by(*CAMPAIGN_SORTS.get(sort, CAMPAIGN_SORTS["-start"]))


def campaigns_for_choice() -> QuerySet[MarketingCampaign]:
    """Campaigns a lead can be attached to: the ones not over."""
    return MarketingCampaign.objects.exclude(status__in=["completed", "cancelled"]).order_by(
        Lower("name")
    )


def _reached_count() -> Subquery:
    """People the campaign's contact lists reach: current, accepted members (distinct)."""
    members = (
        ContactListMember.objects.filter(
            contact_list__campaign=OuterRef("pk"),
            status=MemberStatus.ACCEPTED,
            thru_date__isnull=True,
        )
        .order_by()
        .values("contact_list__campaign")
        .annotate(n=Count("party", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def campaign_for_page(pk) -> MarketingCampaign:
    """The campaign with its figures, in one query (404 when unknown)."""
    queryset = MarketingCampaign.objects.select_related("owner").annotate(
        leads_generated=Count("leads"),
        leads_converted=Count("leads", filter=Q(leads__status=LeadStatus.CONVERTED)),
        people_reached=_reached_count(),
    )
    return access.get_or_404(queryset, pk)


@dataclass(frozen=True)
class CampaignStats:
    leads_generated: int
    leads_converted: int
    people_reached: int
    conversion_rate: Decimal | None  # percent of generated leads converted
    cost_per_lead: Decimal | None  # actual cost / leads generated
    expected_response_percent: Decimal | None
    actual_response_percent: Decimal | None  # leads generated / people reached


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def campaign_stats(campaign: MarketingCampaign) -> CampaignStats:
    """The figures of a campaign read by campaign_for_page (no further query). What the
    campaign won is the opportunities app's panel on the campaign's page."""
    generated, converted = campaign.leads_generated, campaign.leads_converted
    cost_per_lead = None
    if generated and campaign.actual_cost:
        cost_per_lead = (campaign.actual_cost / generated).quantize(Decimal("0.01"))
    return CampaignStats(
        leads_generated=generated,
        leads_converted=converted,
        people_reached=campaign.people_reached,
        conversion_rate=_percent(converted, generated),
        cost_per_lead=cost_per_lead,
        expected_response_percent=campaign.expected_response_percent,
        actual_response_percent=_percent(generated, campaign.people_reached),
    )


def campaign_recent_leads(user: User, campaign: MarketingCampaign, limit: int = 10) -> list[Lead]:
    """The campaign's newest leads that `user` may see (a lead's access is its party's)."""
    queryset = Lead.objects.filter(campaign=campaign)
    visible = party_selectors.visible_q(user, "party_id")
    if visible is not None:
        queryset = queryset.filter(visible)
    return list(
        queryset.select_related("party", "party__owner").order_by("-created_at", "-pk")[:limit]
    )


def campaign_for_capture(token: str) -> MarketingCampaign:
    """The campaign whose published web form has this address; anything else is 404."""
    campaign = (
        MarketingCampaign.objects.select_related("owner")
        .filter(capture_token=token, capture_enabled=True)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign
