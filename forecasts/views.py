"""The forecast pages: my forecast, the team roll-up and the chart (/forecasts/), one
forecast with its history and the rep's commit (/forecasts/<pk>/), and quotas
(/forecasts/quotas/)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from crm import access
from crm.exceptions import PageDenied
from crm.forms import add_service_errors
from crm.records import RecordMixin
from forecasts import selectors, services
from forecasts.forms import CommitForm, QuotaForm
from forecasts.models import PeriodKind, Quota, SalesForecast, TimePeriod
from forecasts.records import FORECAST

VIEW_PERMISSION = "forecasts.view_salesforecast"


def links(owner, period) -> SimpleNamespace:
    """The opportunities behind each figure of `owner` (None: all the viewer may see)."""

    def url(state):
        return selectors.drill_down_url(owner=owner, period=period, state=state)

    return SimpleNamespace(
        closed=url("won"),
        pipeline=url("open"),
        weighted=url("open"),
        best_case=url("open_or_won"),
        all=url(""),
    )


def fiscal_periods(today: datetime.date, years_before: int, years_after: int) -> list:
    """The months and quarters of the fiscal year of `today` and of the years around it,
    quarters before their months (one query once the years exist)."""
    year = services.fiscal_year_ensure(day=today)
    first, last = year, year
    for _step in range(years_before):
        first = services.fiscal_year_ensure(day=first.start_date - datetime.timedelta(days=1))
    for _step in range(years_after):
        last = services.fiscal_year_ensure(day=last.end_date + datetime.timedelta(days=1))
    return list(
        TimePeriod.objects.filter(
            kind__in=[PeriodKind.MONTH, PeriodKind.QUARTER],
            start_date__gte=first.start_date,
            end_date__lte=last.end_date,
        ).order_by("start_date", "-kind")
    )


def chosen_period(request, periods: list, default):
    """The period named by ?period=, or the default (with a message when it is unknown)."""
    raw = request.GET.get("period")
    if not raw:
        return default
    by_pk = {str(p.pk): p for p in periods}
    period = by_pk.get(raw.strip())
    if period is None:
        messages.warning(
            request, _("That period is not available; showing %(name)s.") % {"name": default}
        )
        return default
    return period


class ForecastAccessMixin:
    """Forecast pages need the model permission (Sales Rep, Sales Manager, Administrator)."""

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, VIEW_PERMISSION)
        return super().dispatch(request, *args, **kwargs)


def is_manager(user) -> bool:
    return access.is_administrator(user) or access.manages_a_team(user)


class ForecastOverviewView(ForecastAccessMixin, TemplateView):
    template_name = "forecasts/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        rows = selectors.my_rows(user, selectors.current_and_next(today))
        quarters = selectors.last_quarters(today)
        chart = {
            "mine": selectors.chart_series([user], quarters),
            "team": None,
            "names": {"quota": _("Quota"), "closed": _("Closed"), "weighted": _("Weighted")},
            "titles": {"mine": _("My forecast"), "team": _("Team")},
        }
        context.update(
            my_rows=[SimpleNamespace(row=r, links=links(user, r.period)) for r in rows],
            is_manager=is_manager(user),
        )
        if context["is_manager"]:
            periods = fiscal_periods(today, 1, 1)
            default = selectors.period_at(PeriodKind.QUARTER, today)
            period = chosen_period(self.request, periods, default)
            rollup = selectors.team_rollup(user, period)
            chart["team"] = selectors.chart_series([r.owner for r in rollup.rows], quarters)
            context.update(
                periods=periods,
                period=period,
                rollup=rollup,
                team_rows=[
                    SimpleNamespace(row=r, links=links(r.owner, period)) for r in rollup.rows
                ],
                total_links=links(None, period),
            )
        context["chart"] = chart
        context["chart_tables"] = [
            (title, series_rows(series))
            for title, series in ((_("My forecast"), chart["mine"]), (_("Team"), chart["team"]))
            if series is not None
        ]
        return context


def series_rows(series: dict) -> list[tuple]:
    return list(
        zip(series["labels"], series["quota"], series["closed"], series["weighted"], strict=True)
    )


class ForecastDetailView(RecordMixin, TemplateView):
    template_name = "forecasts/detail.html"
    record_type = FORECAST
    context_object_name = "forecast"

    @property
    def forecast(self) -> SalesForecast:
        return self.record

    def may_commit(self) -> bool:
        user = self.request.user
        return self.forecast.owner_id == user.pk or access.is_administrator(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forecast = self.forecast
        may_commit = self.may_commit()
        form = kwargs.get("form")
        if form is None and may_commit and not forecast.period.closed:
            form = CommitForm(
                initial={
                    "committed": forecast.committed,
                    "best_case_override": forecast.best_case_override,
                    "note": forecast.note,
                }
            )
        context.update(
            links=links(forecast.owner, forecast.period),
            history=list(forecast.history.select_related("changed_by")[:200]),
            form=form,
            may_commit=may_commit,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_commit():
            raise PageDenied(also=_("the forecast's owner"), action=_("commit a forecast"))
        forecast = self.forecast
        if forecast.period.closed:
            messages.error(request, _("This period is closed; its forecasts are frozen."))
            return redirect("forecasts:detail", forecast.pk)
        form = CommitForm(request.POST)
        if form.is_valid():
            try:
                services.forecast_commit(actor=request.user, forecast=forecast, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your forecast was saved."))
                return redirect("forecasts:detail", forecast.pk)
        return self.render_to_response(self.get_context_data(form=form))


class QuotaView(ForecastAccessMixin, TemplateView):
    """A manager's quotas for the reps of the team (administrators: everyone's)."""

    template_name = "forecasts/quotas.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PageDenied(also=access.TEAM_MANAGERS)
        return super().dispatch(request, *args, **kwargs)

    def setup_data(self):
        user = self.request.user
        today = timezone.localdate()
        self.reps = selectors.team_members(user)
        self.periods = fiscal_periods(today, 0, 1)
        self.default = selectors.period_at(PeriodKind.QUARTER, today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = chosen_period(self.request, self.periods, self.default)
        form = kwargs.get("form") or QuotaForm(
            reps=self.reps, periods=self.periods, initial={"period": period.pk}
        )
        months = (
            [p for p in self.periods if p.parent_id == period.pk]
            if period.kind == PeriodKind.QUARTER
            else []
        )
        shown = [period, *months]
        found = {
            (q.owner_id, q.period_id): q.amount
            for q in Quota.objects.filter(owner__in=[r.pk for r in self.reps], period__in=shown)
        }
        context.update(
            form=form,
            period=period,
            periods=self.periods,
            months=months,
            rows=[
                SimpleNamespace(rep=rep, amounts=[found.get((rep.pk, p.pk)) for p in shown])
                for rep in self.reps
            ],
        )
        return context

    def get(self, request, *args, **kwargs):
        self.setup_data()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_data()
        form = QuotaForm(request.POST, reps=self.reps, periods=self.periods)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.quota_set(
                    actor=request.user,
                    owner=data["owner"],
                    period=data["period"],
                    amount=data["amount"],
                    split=data["split"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                rep = data["owner"].get_full_name() or data["owner"].get_username()
                messages.success(
                    request,
                    _("The quota of %(rep)s for %(period)s was saved.")
                    % {"rep": rep, "period": data["period"]},
                )
                return redirect(f"{reverse('forecasts:quotas')}?period={data['period'].pk}")
        return self.render_to_response(self.get_context_data(form=form))
