"""The support admin: business-hours calendars (with their working hours and holidays),
service levels and queues are set up here. Cases are written by support.services (numbers,
clocks, history and journey stay consistent only through them), so the admin shows them with
their history and notes and edits nothing that would break those. The Case grant tables are
registered by crm.admin with every guarded model's (GrantAdmin)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from crm.admin import ReadOnlyInline
from support.models import (
    BusinessCalendar,
    Case,
    CaseNote,
    CaseStatusChange,
    Holiday,
    Queue,
    ServiceLevel,
    WorkingHours,
)


class WorkingHoursFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """At least one stretch (no clock runs in a calendar without working time), each
        opening before it closes, none overlapping another of the same weekday."""
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                _(
                    "Add at least one stretch of working hours (e.g. Monday 09:00–17:00): "
                    "without working hours no service-level clock can run."
                )
            )
        by_day: dict[int, list] = {}
        for row in kept:
            opens, closes = row.get("opens"), row.get("closes")
            if opens is None or closes is None or row.get("weekday") is None:
                continue
            if closes <= opens:
                raise ValidationError(_("Each stretch must close after it opens."))
            by_day.setdefault(row["weekday"], []).append((opens, closes))
        for stretches in by_day.values():
            if _overlapping(stretches):
                raise ValidationError(
                    _("Stretches of working hours on the same day must not overlap.")
                )


def _overlapping(stretches) -> bool:
    """9-12 and 11-13 overlap; 9-12 and 12-13 only meet (allowed)."""
    ordered = sorted(stretches)
    return any(a[1] > b[0] for a, b in zip(ordered, ordered[1:], strict=False))


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    formset = WorkingHoursFormSet
    extra = 1


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone"]
    search_fields = ["name"]
    inlines = [WorkingHoursInline, HolidayInline]


class ServiceLevelForm(forms.ModelForm):
    class Meta:
        model = ServiceLevel
        fields = ["priority", "first_response_minutes", "resolution_minutes"]

    def clean_first_response_minutes(self):
        return _positive(
            self.cleaned_data.get("first_response_minutes"),
            _("The first-response target must be at least 1 business minute."),
        )

    def clean_resolution_minutes(self):
        return _positive(
            self.cleaned_data.get("resolution_minutes"),
            _("The resolution target must be at least 1 business minute."),
        )

    def clean(self):
        data = super().clean()
        first, resolution = data.get("first_response_minutes"), data.get("resolution_minutes")
        if first and resolution and resolution < first:
            self.add_error(
                "resolution_minutes",
                _("The resolution target cannot be shorter than the first-response target."),
            )
        return data


def _positive(value, message):
    if value is not None and value < 1:
        raise ValidationError(message)
    return value


@admin.register(ServiceLevel)
class ServiceLevelAdmin(admin.ModelAdmin):
    form = ServiceLevelForm
    list_display = ["priority", "first_response_minutes", "resolution_minutes"]


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["name", "team", "calendar"]
    list_select_related = ["team__group", "calendar"]
    search_fields = ["name"]
    autocomplete_fields = ["team", "calendar"]


class CaseStatusChangeInline(ReadOnlyInline):
    model = CaseStatusChange
    fields = ["changed_at", "from_status", "status", "changed_by", "note"]


class CaseNoteInline(ReadOnlyInline):
    model = CaseNote
    fields = ["created_at", "author", "public", "body"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "subject", "customer", "status", "priority", "queue", "owner"]
    list_display_links = ["number", "subject"]
    list_filter = ["status", "priority", "queue", "sla_missed"]
    list_select_related = ["customer", "queue", "owner"]
    search_fields = ["number", "subject"]
    date_hierarchy = "created_at"
    inlines = [CaseStatusChangeInline, CaseNoteInline]
    # Only the wording: status, owner, clocks and parties move through support.services.
    editable_fields = ["subject", "description"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Case._meta.fields if f.name not in self.editable_fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
