"""Builders shared by the support tests: a calendar, a queue, service levels and a case made
through the services (so its clocks, history and journey are as the app makes them)."""

import datetime
import html
import re

from support import services
from support.models import BusinessCalendar, Queue, ServiceLevel, WorkingHours

NINE_TO_FIVE = ((datetime.time(9), datetime.time(17)),)


def make_calendar(
    name: str = "Berlin office",
    time_zone: str = "Europe/Berlin",
    stretches=NINE_TO_FIVE,
    weekdays=range(5),
    holidays=(),
) -> BusinessCalendar:
    calendar = BusinessCalendar.objects.create(name=name, time_zone=time_zone)
    WorkingHours.objects.bulk_create(
        WorkingHours(calendar=calendar, weekday=day, opens=opens, closes=closes)
        for day in weekdays
        for opens, closes in stretches
    )
    for day in holidays:
        calendar.holidays.create(date=day, name="Holiday")
    return calendar


def make_queue(team, name: str = "", calendar: BusinessCalendar | None = None) -> Queue:
    calendar = calendar or make_calendar(name=f"Hours of {team}")
    return Queue.objects.create(name=name or f"{team} support", team=team, calendar=calendar)


def make_levels(**targets) -> None:
    """Service levels per priority: first response / resolution in business minutes.
    Defaults: urgent 30/240, high 60/480, normal 240/960, low 480/2400."""
    defaults = {1: (30, 240), 2: (60, 480), 3: (240, 960), 4: (480, 2400)}
    defaults.update({int(k.removeprefix("p")): v for k, v in targets.items()})
    for priority, (first, resolution) in defaults.items():
        ServiceLevel.objects.update_or_create(
            priority=priority,
            defaults={"first_response_minutes": first, "resolution_minutes": resolution},
        )


def make_case(actor, customer, **fields):
    fields.setdefault("subject", "The grinder is noisy")
    fields.setdefault("type", "problem")
    fields.setdefault("channel", "phone")
    return services.case_create(actor=actor, customer=customer, **fields)


def page_text(response) -> str:
    """A page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))
