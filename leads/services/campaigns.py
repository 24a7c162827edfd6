"""Writes on marketing campaigns: create and edit."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leads.models import MarketingCampaign

CAMPAIGN_FIELDS = (
    "name",
    "status",
    "start_date",
    "end_date",
    "currency",
    "budgeted_cost",
    "actual_cost",
    "expected_revenue",
    "expected_response_percent",
    "description",
    "capture_enabled",
)


def _validate_campaign(campaign: MarketingCampaign) -> None:
    if campaign.start_date and campaign.end_date and campaign.end_date < campaign.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    campaign.full_clean()


@transaction.atomic
def campaign_create(*, actor: User, owner: User | None = None, **fields) -> MarketingCampaign:
    campaign = MarketingCampaign(owner=owner or actor, **fields)
    _validate_campaign(campaign)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign: MarketingCampaign, **fields) -> MarketingCampaign:
    locked = MarketingCampaign.objects.select_for_update().get(pk=campaign.pk)
    for name, value in fields.items():
        if name not in CAMPAIGN_FIELDS and name != "owner":
            raise ValueError(f"not a campaign field: {name}")
        setattr(locked, name, value)
    _validate_campaign(locked)
    locked.save()
    return locked
