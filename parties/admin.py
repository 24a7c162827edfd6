from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from crm import access
from parties import services
from parties.models import (
    Consent,
    ContactMech,
    LeadSource,
    Partnership,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyRelationship,
    PartyRole,
    Tag,
)
from parties.services import tags as tag_services


class PartyRoleInline(admin.TabularInline):
    model = PartyRole
    extra = 0


class PartyContactMechInline(admin.TabularInline):
    model = PartyContactMech
    extra = 0
    autocomplete_fields = ["contact_mech"]
    fields = ["contact_mech", "from_date", "thru_date", "extension", "verified"]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin, GuardedModelAdmin):
    list_display = ["display_name", "kind", "status", "owner", "updated_at"]
    list_filter = ["kind", "status", "roles__role", "owner"]
    list_select_related = ["owner"]
    search_fields = ["display_name", "name", "first_name", "last_name"]
    autocomplete_fields = ["owner", "created_by", "updated_by"]
    readonly_fields = ["display_name", "version", "created_at", "updated_at"]
    inlines = [PartyRoleInline, PartyContactMechInline]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        # The owner changes through the Sharing page, which moves the owner's grants along.
        return [*self.readonly_fields, "owner"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        obj.display_name = obj.compute_display_name()
        obj.updated_by = request.user
        if change:
            obj.version += 1
            super().save_model(request, obj, form, change)
            return
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        access.grant_initial(
            obj=obj, owner=obj.owner, actor=request.user, access_key=services.ACCESS_KEY
        )


@admin.register(PartyRole)
class PartyRoleAdmin(admin.ModelAdmin):
    list_display = ["party", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["party"]
    search_fields = ["party__display_name"]
    autocomplete_fields = ["party"]


@admin.register(PartyRelationship)
class PartyRelationshipAdmin(admin.ModelAdmin):
    list_display = ["from_party", "kind", "to_party", "title", "from_date", "thru_date"]
    list_filter = ["kind", "thru_date"]
    list_select_related = ["from_party", "to_party"]
    search_fields = ["from_party__display_name", "to_party__display_name", "title"]
    autocomplete_fields = ["from_party", "to_party", "created_by"]


@admin.register(ContactMech)
class ContactMechAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "city", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["value", "city", "postal_code"]


class PurposeInline(admin.TabularInline):
    model = PartyContactMechPurpose
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(PartyContactMech)
class PartyContactMechAdmin(SimpleHistoryAdmin):
    list_display = ["party", "contact_mech", "from_date", "thru_date", "verified"]
    list_filter = ["contact_mech__kind", "verified", "thru_date"]
    list_select_related = ["party", "contact_mech"]
    search_fields = ["party__display_name", "contact_mech__value"]
    autocomplete_fields = ["party", "contact_mech"]
    inlines = [PurposeInline]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["party", "purpose", "granted", "source", "captured_at", "captured_by"]
    list_filter = ["purpose", "granted", "source"]
    list_select_related = ["party", "captured_by"]
    search_fields = ["party__display_name", "note"]
    autocomplete_fields = ["party", "contact_mech", "captured_by"]
    date_hierarchy = "captured_at"

    def has_change_permission(self, request, obj=None):
        return False  # append-only: record a new decision instead


@admin.register(LeadSource)
class LeadSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active", "position"]
    list_editable = ["active", "position"]
    search_fields = ["name", "code"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Agreements with partners. The pages (/partners/) give the PARTNER role and keep one
    current agreement per partner; here every row's constraints are checked on save."""

    list_display = ["partner", "type", "owner", "commission_rate", "from_date", "thru_date"]
    list_filter = ["type", "thru_date"]
    list_select_related = ["partner", "owner"]
    search_fields = ["partner__display_name"]
    autocomplete_fields = ["partner", "owner", "created_by"]
    readonly_fields = ["created_at", "version"]
    date_hierarchy = "from_date"


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "colour"]

    def clean_name(self) -> str:
        return tag_services.tag_name_clean(self.cleaned_data["name"])


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """The tag vocabulary: rename, recolour, merge (the action), delete. A name is unique
    whatever its case."""

    form = TagAdminForm
    list_display = ["name", "colour", "parties", "deals", "created_by", "created_at"]
    list_editable = ["colour"]
    list_filter = ["colour"]
    search_fields = ["name"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["merge_tags"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .annotate(
                party_count=Count("party_links", distinct=True),
                deal_count=Count("opportunity_links", distinct=True),
            )
        )

    @admin.display(description=_("parties"), ordering="party_count")
    def parties(self, tag: Tag) -> int:
        return tag.party_count

    @admin.display(description=_("deals"), ordering="deal_count")
    def deals(self, tag: Tag) -> int:
        return tag.deal_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Merge the selected tags into the most used one"))
    def merge_tags(self, request, queryset):
        tags = sorted(
            queryset, key=lambda tag: (-(tag.party_count + tag.deal_count), tag.created_at)
        )
        if len(tags) < 2:
            self.message_user(request, _("Select two tags or more to merge."), messages.WARNING)
            return
        keep, merge = tags[0], tags[1:]
        tag_services.tags_merge(actor=request.user, keep=keep, merge=merge)
        self.message_user(
            request,
            _("Merged %(merged)s into “%(keep)s”.")
            % {"merged": ", ".join(f"“{tag.name}”" for tag in merge), "keep": keep.name},
        )
