"""Bulk actions on the events list (crm/bulk.py: change owner, mark done, cancel, export) and
its inline-editable columns (crm/inline.py: status, owner).

Each action goes through the service the event's own page uses (event_reassign on the
Sharing page, event_complete and event_cancel on the row buttons), so a bulk change obeys
the same rules: a cancelled event is not completed, a completed one not cancelled; those
rows are counted as not changed, with the reason."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crm import access, bulk, inline
from crm.access import CHANGE, VIEW
from crm.exceptions import ConcurrentUpdate
from crm.forms import PersonChoiceField, people
from crm.records import record_or_404
from events import selectors, services
from events.filters import EventFilter, EventListOptionsForm
from events.models import Event, EventStatus
from events.records import EVENT
from parties import bulk as party_bulk


def event_rows(user: User, params: QueryDict) -> QuerySet[Event]:
    """The list's rows for its query string (events.views.EventListView): the scope tab,
    then the filters (an "All activities" link's party or opportunity included)."""
    return party_bulk.filtered(
        user,
        params,
        selectors.events_visible_to(user),
        filterset_class=EventFilter,
        options_class=EventListOptionsForm,
        scope_with=selectors.scoped,
        user=user,
    )


def event_records(ids: list[int]) -> QuerySet[Event]:
    """Events for the services: with the owner's team (reassigning reads it)."""
    return (
        Event.objects.filter(pk__in=ids).select_related("owner__profile__home_team").order_by("pk")
    )


def _when(event: Event) -> str:
    if event.is_dated:
        return formats.date_format(event.start_date, "SHORT_DATE_FORMAT")
    return formats.date_format(event.starts_at, "SHORT_DATETIME_FORMAT")


def _about(event: Event) -> str:
    """As the list's "About" column: a related record the user may not see is "restricted"."""
    parts = []
    if event.party_id:
        parts.append(event.party.display_name if event.party_visible else str(_("restricted")))
    if event.lead_id:
        name = event.lead.party.display_name if event.lead_visible else str(_("restricted"))
        parts.append(f"{_('Lead')}: {name}")
    if event.opportunity_id:
        name = event.opportunity.name if event.opportunity_visible else str(_("restricted"))
        parts.append(f"{_('Opportunity')}: {name}")
    return "; ".join(parts)


def event_csv(user: User, ids: list[int]):
    events = list(selectors.with_columns(Event.objects.filter(pk__in=ids)).order_by("-starts_at"))
    selectors.mark_visible_related(user, events)
    for event in events:
        yield [
            _when(event),
            event.get_kind_display(),
            event.subject,
            event.get_status_display(),
            _about(event),
            event.owner.username,
        ]


CSV_HEADER = [_("When"), _("Kind"), _("Subject"), _("Status"), _("About"), _("Owner")]


def _reassign(*, actor: User, record: Event, new_owner: User) -> bool:
    if record.owner_id == new_owner.pk:
        return False
    services.event_reassign(actor=actor, event=record, new_owner=new_owner)
    return True


def _complete(*, actor: User, record: Event) -> bool:
    """event_complete refuses a cancelled event (a ValidationError: counted, with why)."""
    if record.status == EventStatus.COMPLETED:
        return False
    services.event_complete(actor=actor, event=record)
    return True


def _cancel(*, actor: User, record: Event) -> bool:
    if record.status == EventStatus.CANCELLED:
        return False
    services.event_cancel(actor=actor, event=record)
    return True


EVENT_LIST = bulk.register(
    bulk.BulkList(
        "events",
        nouns=(_("event"), _("events")),
        list_url="events:list",
        queryset=event_rows,
        records=event_records,
        csv_header=CSV_HEADER,
        csv_rows=event_csv,
    ).add(
        bulk.BulkAction(
            "complete",
            _("Mark done"),
            allowed=bulk.holding(Event, CHANGE),
            apply=_complete,
            unchanged_text=_("were done already"),
            confirm_text=_("Cancelled ones stay cancelled: reopen them first."),
        ),
        bulk.BulkAction(
            "cancel",
            _("Cancel events"),
            allowed=bulk.holding(Event, CHANGE),
            apply=_cancel,
            unchanged_text=_("were cancelled already"),
            confirm_text=_("Completed ones stay completed; cancelled ones can be reopened."),
        ),
        party_bulk.owner_action(Event, _reassign),
        bulk.export_action(),
    )
)


# Inline edit ------------------------------------------------------------------------------


class StatusForm(inline.VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices)

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        self.fields["status"].initial = record.status
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"


class OwnerForm(inline.VersionForm):
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none())

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        field = self.fields["owner"]
        field.queryset = people()
        field.initial = record.owner_id
        field.widget.attrs["class"] = "form-control form-control-sm"


def _save_status(*, actor: User, record: Event, form) -> Event:
    """As the edit page saves its status field: event_update with the form's version."""
    return services.event_update(
        actor=actor,
        event=record,
        expected_version=form.cleaned_data["version"],
        status=form.cleaned_data["status"],
    )


@transaction.atomic
def _save_owner(*, actor: User, record: Event, form) -> Event:
    """As the Sharing page's reassign (which carries no version): a stale form is refused."""
    current = Event.objects.select_for_update().get(pk=record.pk)
    if current.version != form.cleaned_data["version"]:
        raise ConcurrentUpdate
    return services.event_reassign(actor=actor, event=record, new_owner=form.cleaned_data["owner"])


INLINE_LIST_URL = "events:list"
INLINE = inline.InlineList(
    record_type=EVENT,
    url_name="events:inline",
    edit_url_name="events:edit",
    detail_url_name="events:detail",
    fields={
        "status": inline.InlineField(
            "status",
            _("status"),
            StatusForm,
            _save_status,
            lambda user, record, actions: CHANGE in actions,
            "events/_inline_status.html",
        ),
        "owner": inline.InlineField(
            "owner",
            _("owner"),
            OwnerForm,
            _save_owner,
            lambda user, record, actions: access.can_reassign(user, record),
            "events/_inline_owner.html",
        ),
    },
)
_inline_view = inline.inline_view(INLINE)


def inline_view(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """crm.inline's view, and one case of its own: events are private by default, so the
    owner who hands an event to someone outside their sight loses it with the save. The
    cell cannot show what the user no longer sees: the list reloads without it, saying so
    (as the Sharing page sends back to the list)."""
    if request.method != "POST" or field != "owner":
        return _inline_view(request, pk, field)
    record_or_404(request, EVENT, pk, VIEW)  # seen before the save: a 404 after it is ours
    try:
        return _inline_view(request, pk, field)
    except Http404:
        messages.success(request, gettext("The event was handed over; you no longer see it."))
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(INLINE_LIST_URL)
            return response
        return redirect(INLINE_LIST_URL)
