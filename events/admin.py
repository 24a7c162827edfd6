from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from events.models import (
    CalendarFeed,
    Event,
    EventParticipant,
)


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    extra = 0
    autocomplete_fields = ["user", "party"]


@admin.register(Event)
class EventAdmin(GuardedModelAdmin):
    list_display = ["subject", "kind", "status", "starts_at", "all_day", "owner", "party"]
    list_filter = ["kind", "status", "priority", "all_day"]
    list_select_related = ["owner", "party"]
    search_fields = ["subject", "party__display_name", "owner__username"]
    date_hierarchy = "starts_at"
    autocomplete_fields = [
        "owner",
        "party",
        "lead",
        "opportunity",
        "completed_by",
        "created_by",
        "updated_by",
    ]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [EventParticipantInline]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Administrators can turn a user's feed off (delete it); the token itself is not shown."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    exclude = ["token"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False
