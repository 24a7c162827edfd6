"""The event form (create and edit). Calls, meetings, e-mails and notes have a start (and
maybe an end) in the user's time zone; tasks and all-day events have dates, stored as 00:00 UTC
of the day (`events.models.floating`). What an event is about and its party participants are
picked among the records the user may see (lookups by "Name (#id)"); colleagues and parties
taking part through the pickers of `events.forms.participants`."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.forms import DayField, VersionedFormMixin
from events.forms.participants import ParticipantPickersForm
from events.models import EventKind, EventStatus, Priority, ReminderLead, floating
from opportunities.models import Opportunity
from parties.forms import DATE_INPUT, PartyLookupField

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ABOUT_FIELDS = ("party", "lead", "opportunity")
OPPORTUNITY_OPTIONS_ID = "opportunity-options"


class OpportunityLookupField(PartyLookupField):
    """An opportunity by "Name (#id)", "#id" or its exact name, among those the user may see
    (the queryset annotates `display_name` with the opportunity's name)."""

    def prepare_value(self, value):
        if isinstance(value, Opportunity):
            return f"{value.name} (#{value.pk})"
        return value


class EventForm(ParticipantPickersForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        required=False,
        widget=DATETIME_INPUT,
        help_text=_("For calls, meetings, e-mails and notes: date and time, in your time zone."),
    )
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=DATETIME_INPUT)
    all_day = forms.BooleanField(label=_("All day"), required=False)
    date = DayField(
        label=_("Date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("A task's due date, or an all-day event's (first) day."),
    )
    end_date = DayField(
        label=_("Last day"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("For an all-day event over several days."),
    )
    location = forms.CharField(label=_("Location"), max_length=255, required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=EventStatus.choices, initial=EventStatus.SCHEDULED
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    party = PartyLookupField(
        label=_("About"),
        required=False,
        noun=_("person or company"),
        help_text=_("A contact, account or customer. Type to search."),
    )
    lead = PartyLookupField(label=_("Lead"), required=False, noun=_("lead"))
    opportunity = OpportunityLookupField(
        label=_("Opportunity"),
        required=False,
        noun=_("opportunity"),
        widget=forms.TextInput(attrs={"list": OPPORTUNITY_OPTIONS_ID, "autocomplete": "off"}),
        help_text=_("Its name, or its number as #42."),
    )
    reminders = forms.TypedMultipleChoiceField(
        label=_("Reminders"),
        choices=ReminderLead.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A notification to you and the colleagues taking part, and an alarm in calendar "
            "apps. A task's counts from the start of its due date."
        ),
    )

    def __init__(
        self,
        *args,
        parties,
        leads,
        opportunities,
        participants=(),
        restricted=(),
        owner=None,
        **kwargs,
    ):
        """`parties`, `leads` (lead parties with their Lead row) and `opportunities`: what
        the user may pick. `participants`: the event's current ones (from
        `selectors.participants_for`). `restricted`: about-fields naming a record the user
        may not see — shown as "restricted" and left as they are. `owner`: the event's (the
        organizer, not a participant)."""
        super().__init__(*args, parties=parties, participants=participants, owner=owner, **kwargs)
        self.restricted = set(restricted)
        self.fields["party"].queryset = parties
        self.fields["lead"].queryset = leads
        self.fields["opportunity"].queryset = opportunities
        self.fields["party"].widget.lookup_url = reverse("events:party_lookup")
        self.fields["lead"].widget.lookup_url = reverse("leads:lookup")
        for name in self.restricted:
            field = self.fields[name]
            field.disabled = True
            field.widget.attrs["placeholder"] = _("restricted")
            field.help_text = _("You may not see this record; it stays as it is.")

    def clean(self):
        """Resolves `starts_at` and `ends_at` to what is stored: a timed event's instants, or
        a dated event's days at 00:00 UTC."""
        data = super().clean()
        kind = data.get("kind")
        if kind is None:
            return data
        if data.get("all_day") or kind == EventKind.TASK:
            self._clean_dates(data, kind)
        elif data.get("starts_at") is None:
            if "starts_at" not in self.errors:
                self.add_error("starts_at", _("Give the date and time it starts."))
        elif data.get("ends_at") is not None and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The end cannot be before the start."))
        return data

    def _clean_dates(self, data: dict, kind: str) -> None:
        day = data.get("date")
        if day is None and data.get("starts_at") is not None:
            day = timezone.localtime(data["starts_at"]).date()
        if day is None:
            if "date" not in self.errors:
                self.add_error(
                    "date",
                    _("Give the task's due date.")
                    if kind == EventKind.TASK
                    else _("Give the day of the all-day event."),
                )
            return
        last = data.get("end_date") if kind != EventKind.TASK else None
        if last is not None and last < day:
            self.add_error("end_date", _("The last day cannot be before the first."))
            return
        data["starts_at"] = floating(day)
        data["ends_at"] = floating(last) if last else None

    def service_fields(self) -> dict:
        """The event's own fields for `event_create` / `event_update` (restricted ones left
        out, so they stay as they are)."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "kind",
                "subject",
                "starts_at",
                "ends_at",
                "all_day",
                "location",
                "priority",
                "status",
                "description",
                "party",
                "opportunity",
            )
        }
        fields["lead"] = data["lead"].lead if data["lead"] else None
        fields["reminders"] = data["reminders"]
        for name in self.restricted:
            fields.pop(name)
        return fields


class EventEditForm(VersionedFormMixin, EventForm):
    pass
