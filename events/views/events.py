"""The event pages: list, detail and a participant's answer; what the other event views share."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from crm import panels, timeline
from crm.access import CHANGE, SHARE
from crm.ids import parse_id
from crm.records import RecordMixin, record_or_404
from events import selectors, services
from events.filters import EventFilter, EventListOptionsForm
from events.models import Event, ParticipantResponse
from events.records import EVENT
from opportunities.selectors import opportunities_visible_to
from parties import selectors as party_selectors
from parties.kinds import page_url
from parties.views import list_page_context


def pick(queryset, value):
    """The record named by a query-string id, if the (permission-filtered) queryset has it."""
    pk = parse_id(value)
    return queryset.filter(pk=pk).first() if pk else None


def safe_next(request: HttpRequest) -> str:
    """Where to go back to (`next`, posted or in the query string), if it is one of ours: a
    path on this site (anything else, e.g. a bare word that `redirect` would take for a view
    name, is dropped)."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def _link_parties(parties) -> None:
    """Sets `page_url` on each party: its contact, account, customer or lead page (one query
    for all their roles)."""
    parties = [p for p in parties if p is not None]
    prefetch_related_objects(parties, "roles")
    for party in parties:
        party.page_url = page_url(party)


class EventRecordMixin(RecordMixin):
    """A page about the event named by the URL (crm.records)."""

    record_type = EVENT
    context_object_name = "event"

    @property
    def event(self) -> Event:
        return self.record


# List --------------------------------------------------------------------------------------


def _about_record(user: User, params: QueryDict) -> dict | None:
    """The record an "All activities" link narrows the list to, if the user may see it."""
    party = pick(party_selectors.parties_visible_to(user), params.get("party"))
    if party is not None:
        _link_parties([party])
        return {"name": party.display_name, "url": party.page_url, "party": party}
    opportunity = pick(opportunities_visible_to(user), params.get("opportunity"))
    if opportunity is not None:
        url = reverse("opportunities:detail", args=[opportunity.pk])
        return {"name": opportunity.name, "url": url, "opportunity": opportunity}
    return None


class EventListView(TemplateView):
    template_name = "events/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            list_page_context(
                self.request,
                selectors.with_columns(selectors.events_visible_to(user)),
                filterset_class=EventFilter,
                options_class=EventListOptionsForm,
                default_sort="-start",
                sorts=selectors.SORTS,
                scope_with=selectors.scoped,
                user=user,
            )
        )
        events = selectors.mark_visible_related(user, context["page"].items)
        _link_parties(e.party for e in events if e.party_visible)
        about = _about_record(user, self.request.GET)
        about_query, new_query = QueryDict(mutable=True), QueryDict(mutable=True)
        if about:
            key = "party" if "party" in about else "opportunity"
            about_query[key] = about[key].pk
            new_query.update({key: about[key].pk, "next": self.request.get_full_path()})
        context.update(
            can_add=user.has_perm("events.add_event"),
            about=about,
            about_query=about_query.urlencode(),
            new_query=new_query.urlencode(),
            scope_query=_without(self.request.GET, "scope", "after", "before"),
        )
        return context


def _without(params: QueryDict, *names: str) -> str:
    """The query string without these parameters (the scope tabs keep the other filters)."""
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# Detail, answer ----------------------------------------------------------------------------


class EventDetailView(EventRecordMixin, TemplateView):
    template_name = "events/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        event = self.event
        selectors.mark_visible_related(user, [event])
        participants = selectors.participants_for(user, event)
        _link_parties(
            [event.party if event.party_visible else None]
            + [p.party for p in participants if p.party_id and p.visible]
        )
        me = next((p for p in participants if p.user_id == user.pk), None)
        context.update(
            event=event,
            actions=self.actions,
            participants=participants,
            my_participation=me,
            reminders=list(event.reminders.all()),
            responses=[
                (ParticipantResponse.ACCEPTED, _("Accept")),
                (ParticipantResponse.TENTATIVE, _("Maybe")),
                (ParticipantResponse.DECLINED, _("Decline")),
            ],
            can_change=CHANGE in self.actions,
            can_share=SHARE in self.actions,
            next=self.request.get_full_path(),
            # When it was made and done, and the notes and files on it (crm.timeline).
            timeline=timeline.merged(EVENT, user, event, _own_timeline(event)),
            # What the apps above events show here: notes and files (crm.panels).
            panels=panels.panels_for(
                EVENT, self.request, event, next_url=reverse("events:detail", args=[event.pk])
            ),
        )
        return context


def _own_timeline(event) -> list[timeline.Entry]:
    """The event's own moments for its timeline: created and, once done, completed (read
    from the event itself: no query)."""
    entries = [
        timeline.Entry(
            when=event.created_at, who=event.created_by, text=_("Created"), timeline_source="event"
        )
    ]
    if event.completed_at:
        entries.append(
            timeline.Entry(
                when=event.completed_at,
                who=event.completed_by,
                text=_("Completed"),
                timeline_source="event",
            )
        )
    return entries


@require_POST
def event_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """A user participant accepts, declines or tentatively accepts (others: 403)."""
    event, _actions = record_or_404(request, EVENT, pk)
    try:
        participant = services.participant_respond(
            actor=request.user, event=event, response=request.POST.get("response", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Your answer was saved: %(response)s.")
            % {"response": participant.get_response_display()},
        )
    return redirect(safe_next(request) or reverse("events:detail", args=[event.pk]))
