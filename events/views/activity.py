"""Activity metrics for managers (/events/activity/): per member of a team and per ISO week,
the calls and meetings that took place and the completed tasks, as a table (each figure opens
the events behind it) and a chart; by default the eight weeks up to the current one, so far.
Managers see the teams they manage, administrators pick any team; others get 403."""

from __future__ import annotations

import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from crm import access
from crm.exceptions import PageDenied
from events.selectors import activity
from parties.filters import DATE_WIDGET

# Dates further out than this are typing mistakes, and would overflow the week arithmetic.
FIRST_DATE, LAST_DATE = datetime.date(1970, 1, 1), datetime.date(2999, 12, 31)


class ActivityRangeForm(forms.Form):
    team = forms.TypedChoiceField(label=gettext_lazy("Team"), coerce=int, required=False)
    weeks = forms.TypedChoiceField(
        label=gettext_lazy("Weeks"),
        choices=[(n, n) for n in activity.WEEK_COUNTS],
        coerce=int,
        required=False,
    )
    end = forms.DateField(
        label=gettext_lazy("Up to the week of"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(team.pk, str(team)) for team in teams]

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end is not None and not FIRST_DATE <= end <= LAST_DATE:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": date_format(FIRST_DATE), "last": date_format(LAST_DATE)}
            )
        return end


def _chosen(form: ActivityRangeForm, name: str, default):
    """The valid value of a field, or its default (a bad one is reported by the form)."""
    if name in form.errors:
        return default
    return form.cleaned_data.get(name) or default


def _chart(weeks: list[datetime.date], totals) -> dict:
    return {
        "labels": [
            _("W%(week)s · %(day)s")
            % {"week": week.isocalendar().week, "day": date_format(week, "SHORT_DATE_FORMAT")}
            for week in weeks
        ],
        "calls": [cell.calls for cell in totals],
        "meetings": [cell.meetings for cell in totals],
        "tasks": [cell.tasks for cell in totals],
        "names": {"calls": _("Calls"), "meetings": _("Meetings"), "tasks": _("Completed tasks")},
    }


@require_GET
def activity_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not activity.may_see_activity(user):
        raise PageDenied(also=access.TEAM_MANAGERS)
    teams = activity.teams_for(user)
    form = ActivityRangeForm(request.GET, teams=teams)
    form.is_valid()
    by_pk = {team.pk: team for team in teams}
    team = by_pk.get(_chosen(form, "team", None)) or (teams[0] if teams else None)
    weeks_count = _chosen(form, "weeks", activity.DEFAULT_WEEKS)
    today = timezone.localdate()
    last_week = activity.week_start(_chosen(form, "end", None) or activity.default_last_week(today))
    weeks = activity.week_starts(last_week, weeks_count)
    step = datetime.timedelta(days=7 * weeks_count)

    def range_url(end: datetime.date) -> str:
        query = {"weeks": weeks_count, "end": end.isoformat()}
        if team is not None and len(teams) > 1:
            query["team"] = team.pk
        return f"{request.path}?{urlencode(query)}"

    context = {
        "form": form,
        "teams": teams,
        "team": team,
        "weeks_count": weeks_count,
        "first_day": weeks[0],
        "last_day": weeks[-1] + datetime.timedelta(days=6),
        # The current week is shown as far as it has gone.
        "so_far": weeks[-1] <= today <= weeks[-1] + datetime.timedelta(days=6),
        "today": today,
        "previous_url": range_url(last_week - step) if last_week - step >= FIRST_DATE else "",
        "next_url": range_url(last_week + step) if last_week + step <= LAST_DATE else "",
        "default_url": request.path,
    }
    if team is not None:
        metrics = activity.team_activity(team, weeks)
        context.update(metrics=metrics, chart=_chart(weeks, metrics.totals.cells[:-1]))
    return render(request, "events/activity.html", context)
