from django.contrib import admin

from leads.models import (
    ContactList,
    ContactListMember,
    Lead,
    LeadStatusChange,
    MarketingCampaign,
)


@admin.register(MarketingCampaign)
class MarketingCampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "start_date", "end_date", "owner", "capture_enabled"]
    list_filter = ["status", "capture_enabled"]
    search_fields = ["name"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["capture_token", "created_at", "updated_at"]


class LeadStatusChangeInline(admin.TabularInline):
    model = LeadStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]
    can_delete = False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    """Leads are created and converted from the app (their access grants come with them)."""

    list_display = ["party", "company_name", "status", "campaign", "created_at"]
    list_filter = ["status", "campaign"]
    list_select_related = ["party", "campaign"]
    search_fields = ["party__display_name", "company_name"]
    autocomplete_fields = ["campaign", "converted_account", "converted_contact", "converted_by"]
    readonly_fields = ["party", "converted_at", "created_at", "updated_at"]
    inlines = [LeadStatusChangeInline]

    def has_add_permission(self, request):
        return False


class ContactListMemberInline(admin.TabularInline):
    model = ContactListMember
    extra = 0
    autocomplete_fields = ["party", "preferred_contact_mech", "added_by"]


@admin.register(ContactList)
class ContactListAdmin(admin.ModelAdmin):
    list_display = ["name", "list_type", "channel", "campaign", "owner"]
    list_filter = ["list_type", "channel"]
    search_fields = ["name"]
    autocomplete_fields = ["campaign", "owner"]
    inlines = [ContactListMemberInline]
