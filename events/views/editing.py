"""The event form's pages: create (pre-filled by the quick actions of record pages) and edit."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from crm import access
from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.views import EditConflictMixin
from events import selectors, services
from events.forms import CHOSEN_LIST_IDS, OPPORTUNITY_OPTIONS_ID, EventEditForm, EventForm
from events.models import Event, EventKind, EventStatus
from events.views.events import EventRecordMixin, pick, safe_next
from opportunities.selectors import opportunities_visible_to
from parties import selectors as party_selectors
from parties.kinds import LEADS
from parties.models import PartyKind

OPPORTUNITY_SUGGESTIONS = 20


def _form_kwargs(user: User, owner: User) -> dict:
    return {
        "parties": party_selectors.parties_visible_to(user),
        "leads": party_selectors.page_queryset(user, LEADS)
        .filter(lead__isnull=False)
        .select_related("lead"),
        "opportunities": opportunities_visible_to(user).annotate(display_name=F("name")),
        "owner": owner,
    }


def _opportunity_suggestions(user: User) -> list:
    """The user's own open opportunities, closing soonest first: suggestions for the form's
    opportunity field (any other one the user may see can be typed by name or number)."""
    return list(
        opportunities_visible_to(user)
        .filter(owner=user, closed_at__isnull=True)
        .order_by("expected_close_date", "pk")
        .only("pk", "name")[:OPPORTUNITY_SUGGESTIONS]
    )


def _title(params: QueryDict) -> str:
    kind, log = params.get("kind"), params.get("log") == "1"
    if kind == EventKind.CALL:
        return _("Log a call") if log else _("Schedule a call")
    if kind == EventKind.MEETING:
        return _("Schedule a meeting")
    if kind == EventKind.TASK:
        return _("Add a task")
    return _("Log an activity") if log else _("New event")


def quick_action_initial(user: User, params: QueryDict, form_kwargs: dict) -> dict:
    """What the quick actions of a record's page pre-fill: `kind`, `log=1` (done just now),
    and what it is about (`party`, `lead`, `opportunity` — an opportunity brings its account).
    An id that does not exist or that the user may not see is ignored."""
    initial: dict = {}
    kind = params.get("kind")
    if kind in EventKind.values:
        initial["kind"] = kind
    now = timezone.localtime().replace(second=0, microsecond=0)
    next_hour = now.replace(minute=0) + datetime.timedelta(hours=1)
    log = params.get("log") == "1"
    if log:
        initial["status"] = EventStatus.COMPLETED
    if kind == EventKind.TASK:
        initial["date"] = now.date() if log else now.date() + datetime.timedelta(days=1)
    elif kind == EventKind.MEETING and not log:
        initial.update(starts_at=next_hour, ends_at=next_hour + datetime.timedelta(hours=1))
    elif kind == EventKind.CALL and not log:
        initial["starts_at"] = next_hour
    elif kind in EventKind.values:
        initial["starts_at"] = now
    party = pick(form_kwargs["parties"], params.get("party"))
    lead = pick(form_kwargs["leads"], params.get("lead"))
    opportunity = pick(form_kwargs["opportunities"], params.get("opportunity"))
    if opportunity is not None:
        initial["opportunity"] = opportunity
        party = party or pick(form_kwargs["parties"], opportunity.account_id)
    if party is not None:
        initial["party"] = party
    if lead is not None:
        initial["lead"] = lead
    who = party or lead
    if who is not None:
        if kind == EventKind.CALL:
            initial["subject"] = _("Call with %(name)s") % {"name": who.display_name}
        elif kind == EventKind.MEETING:
            initial["subject"] = _("Meeting with %(name)s") % {"name": who.display_name}
            if who.kind == PartyKind.PERSON:
                initial["participant_parties"] = [who]
    return initial


class EventFormMixin:
    template_name = "events/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            next=safe_next(self.request),
            opportunity_options_id=OPPORTUNITY_OPTIONS_ID,
            opportunity_suggestions=_opportunity_suggestions(self.request.user),
            chosen_list_ids=CHOSEN_LIST_IDS,
        )
        return context

    def saved(self, event: Event) -> HttpResponse:
        return redirect(safe_next(self.request) or reverse("events:detail", args=[event.pk]))


class EventCreateView(EventFormMixin, FormView):
    form_class = EventForm

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "events.add_event")
        self.choices = _form_kwargs(request.user, owner=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | self.choices

    def get_initial(self):
        return quick_action_initial(self.request.user, self.request.GET, self.choices)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"title": _title(self.request.GET)}

    def form_valid(self, form):
        try:
            event = services.event_create(
                actor=self.request.user,
                participant_users=form.chosen_users(),
                participant_parties=form.chosen_parties() or [],
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(subject)s” was saved.") % {"subject": event.subject})
        return self.saved(event)


def _restricted(event: Event) -> list[str]:
    """The about-fields naming a record the viewer may not see (after mark_visible_related)."""
    return [
        name
        for name in ("party", "lead", "opportunity")
        if getattr(event, f"{name}_id") and not getattr(event, f"{name}_visible")
    ]


def _edit_initial(event: Event, participants) -> dict:
    initial = {
        "version": event.version,
        "kind": event.kind,
        "subject": event.subject,
        "all_day": event.all_day,
        "location": event.location,
        "priority": event.priority,
        "status": event.status,
        "description": event.description,
        "party": event.party if event.party_visible else None,
        "lead": event.lead.party if event.lead_visible else None,
        "opportunity": event.opportunity if event.opportunity_visible else None,
        "reminders": [r.minutes_before for r in event.reminders.all()],
    }
    if event.is_dated:
        initial["date"] = event.start_date
        if event.ends_at is not None and event.kind != EventKind.TASK:
            initial["end_date"] = event.end_date
    else:
        initial.update(starts_at=event.starts_at, ends_at=event.ends_at)
    return initial


class EventEditView(EditConflictMixin, EventRecordMixin, EventFormMixin, FormView):
    form_class = EventEditForm
    required_action = CHANGE

    def get_form_kwargs(self):
        user = self.request.user
        selectors.mark_visible_related(user, [self.event])
        participants = selectors.participants_for(user, self.event)
        kwargs = super().get_form_kwargs() | _form_kwargs(user, owner=self.event.owner)
        kwargs.update(
            participants=participants,
            restricted=_restricted(self.event),
            initial=_edit_initial(self.event, participants),
        )
        return kwargs

    def get_context_data(self, **kwargs):
        title = _("Edit “%(subject)s”") % {"subject": self.event.subject}
        return super().get_context_data(**kwargs) | {"event": self.event, "title": title}

    def save(self, form):
        return services.event_update(
            actor=self.request.user,
            event=self.event,
            expected_version=form.cleaned_data["version"],
            participant_users=form.chosen_users(),
            participant_parties=form.chosen_parties(),
            **form.service_fields(),
        )

    def get_success_url(self) -> str:
        return safe_next(self.request) or reverse("events:detail", args=[self.event.pk])
