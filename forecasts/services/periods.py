"""The fiscal calendar: fiscal years with their quarters and months, and closing a period."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from crm import access
from forecasts.models import PeriodKind, TimePeriod


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def fiscal_year_start(day: datetime.date) -> datetime.date:
    start_month = settings.CRM_FISCAL_YEAR_START_MONTH
    year = day.year if day.month >= start_month else day.year - 1
    return datetime.date(year, start_month, 1)


@transaction.atomic
def fiscal_year_ensure(*, day: datetime.date) -> TimePeriod:
    """The fiscal year containing `day`, with its quarters and months (created once)."""
    start = fiscal_year_start(day)
    end = _add_months(start, 12) - datetime.timedelta(days=1)
    # A fiscal year is named after the calendar year it ends in, as most companies do.
    year, created = TimePeriod.objects.get_or_create(
        kind=PeriodKind.YEAR,
        start_date=start,
        defaults={"end_date": end, "name": f"FY{end.year}"},
    )
    if not created:
        return year
    for q in range(4):
        q_start = _add_months(start, 3 * q)
        quarter = TimePeriod.objects.create(
            kind=PeriodKind.QUARTER,
            start_date=q_start,
            end_date=_add_months(q_start, 3) - datetime.timedelta(days=1),
            name=f"FY{end.year} Q{q + 1}",
            parent=year,
        )
        for m in range(3):
            m_start = _add_months(q_start, m)
            TimePeriod.objects.create(
                kind=PeriodKind.MONTH,
                start_date=m_start,
                end_date=_add_months(m_start, 1) - datetime.timedelta(days=1),
                name=m_start.strftime("%Y-%m"),
                parent=quarter,
            )
    return year


def periods_containing(day: datetime.date) -> list[TimePeriod]:
    """The month, quarter and fiscal year `day` falls in (created when first needed)."""
    fiscal_year_ensure(day=day)
    return list(
        TimePeriod.objects.filter(start_date__lte=day, end_date__gte=day).order_by("end_date")
    )


@transaction.atomic
def period_close(*, actor: User, period: TimePeriod) -> TimePeriod:
    """Closing freezes the period's forecasts (and its months' and quarters')."""
    if not access.is_administrator(actor):
        raise PermissionDenied
    ids = [period.pk]
    ids += list(period.children.values_list("pk", flat=True))
    ids += list(TimePeriod.objects.filter(parent__parent=period).values_list("pk", flat=True))
    TimePeriod.objects.filter(pk__in=ids).update(closed=True)
    period.refresh_from_db()
    return period
