from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from opportunities.models import (
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityHistory,
    OpportunityStage,
)


@admin.register(OpportunityStage)
class OpportunityStageAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "probability", "kind", "active"]
    list_editable = ["position", "probability", "active"]


class OpportunityHistoryInline(admin.TabularInline):
    model = OpportunityHistory
    extra = 0
    can_delete = False
    readonly_fields = ["field", "old_value", "new_value", "note", "changed_by", "changed_at"]


class OpportunityCompetitorInline(admin.TabularInline):
    model = OpportunityCompetitor
    extra = 0
    autocomplete_fields = ["competitor"]


class OpportunityContactRoleInline(admin.TabularInline):
    model = OpportunityContactRole
    extra = 0
    autocomplete_fields = ["contact"]


@admin.register(Opportunity)
class OpportunityAdmin(GuardedModelAdmin):
    list_display = [
        "name",
        "account",
        "stage",
        "amount",
        "currency",
        "expected_close_date",
        "owner",
    ]
    list_filter = ["stage", "currency", "type"]
    list_select_related = ["account", "stage", "owner"]
    search_fields = ["name", "account__display_name"]
    autocomplete_fields = [
        "account",
        "primary_contact",
        "owner",
        "lead",
        "campaign",
        "created_by",
        "updated_by",
    ]
    readonly_fields = ["version", "closed_at", "created_at", "updated_at"]
    inlines = [OpportunityCompetitorInline, OpportunityContactRoleInline, OpportunityHistoryInline]
