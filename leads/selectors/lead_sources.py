"""Reads of the lead-source pages: lead sources with their lead counts."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from leads.models import Lead
from parties.models import LeadSource


def lead_sources_for_list() -> QuerySet[LeadSource]:
    """Every lead source with the number of leads that came from it, in one query."""
    counts = (
        Lead.objects.filter(party__source=OuterRef("pk"))
        .order_by()
        .values("party__source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return LeadSource.objects.annotate(
        lead_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    ).order_by("position", "name")
