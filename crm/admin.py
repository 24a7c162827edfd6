from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User

from crm.models import AccessChange, GrantCause, GroupGrant, Team, UserGrant, UserProfile


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    autocomplete_fields = ["home_team"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserProfileInline]
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "home_team",
        "is_staff",
        "is_active",
    ]
    list_select_related = ["profile__home_team__group"]
    list_filter = ["is_staff", "is_active", "groups", "profile__home_team"]

    @admin.display(description="home team", ordering="profile__home_team__group__name")
    def home_team(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.home_team if profile else None


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["__str__", "manager", "member_count"]
    list_select_related = ["group", "manager"]
    search_fields = ["group__name", "manager__username"]
    autocomplete_fields = ["group", "manager"]

    @admin.display(description="members")
    def member_count(self, obj):
        return obj.members.count()


@admin.register(AccessChange)
class AccessChangeAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "action",
        "content_type",
        "object_id",
        "permission",
        "user",
        "group",
        "actor",
    ]
    list_filter = ["action", "content_type", "permission"]
    list_select_related = ["content_type", "user", "group", "actor"]
    search_fields = ["user__username", "group__name", "actor__username", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class GrantAdminForm(forms.ModelForm):
    # The column has no choices (a new cause is no migration); the admin offers the known ones.
    cause = forms.ChoiceField(choices=GrantCause.choices)


class GrantAdmin(admin.ModelAdmin):
    """Every guarded model's grant tables, registered alike (below): who holds which right on
    which record, why, granted by whom and when."""

    form = GrantAdminForm
    list_filter = ["cause", "permission"]
    date_hierarchy = "granted_at"

    def __init__(self, model, admin_site):
        holder = "user" if issubclass(model, UserGrant) else "group"
        self.list_display = ["content_object", holder, "permission", "cause", "granted_by"]
        self.list_display += ["granted_at"]
        self.list_select_related = ["content_object", holder, "permission", "granted_by"]
        self.raw_id_fields = ["content_object", holder, "granted_by"]
        self.search_fields = [f"{holder}__{'username' if holder == 'user' else 'name'}"]
        super().__init__(model, admin_site)


for grant_model in apps.get_models():
    if issubclass(grant_model, UserGrant | GroupGrant):
        admin.site.register(grant_model, GrantAdmin)
