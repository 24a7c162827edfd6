from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm import sessions
from crm.models import (
    AccessChange,
    GrantCause,
    GroupGrant,
    Team,
    UserGrant,
    UserProfile,
    UserSession,
)


class ReadOnlyInline(admin.TabularInline):
    """The rows a service writes (an order's items and status history, a case's notes and
    status changes), shown on their parent's page but never added, edited or deleted there:
    the admin would bypass the service that keeps them consistent."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    autocomplete_fields = ["home_team"]


class UserSessionInline(admin.TabularInline):
    """The user's signed-in sessions on their page, each with "End session" (a link to a
    confirmation: forms cannot nest in the user's form)."""

    model = UserSession
    extra = 0
    can_delete = False
    fields = ["created_at", "last_seen_at", "ip_address", "user_agent", "end_link"]
    readonly_fields = fields
    ordering = ["-last_seen_at"]
    verbose_name = _("signed-in session")
    verbose_name_plural = _("signed-in sessions")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("end"))
    def end_link(self, obj):
        url = reverse("admin:crm_usersession_end", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("End session"))


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserProfileInline, UserSessionInline]
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


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Every signed-in session; "End session" (one, from the user's page, or the selected
    ones here) deletes the Django session, so that browser is signed out at once."""

    list_display = ["user", "created_at", "last_seen_at", "ip_address", "user_agent"]
    list_select_related = ["user"]
    list_filter = ["user__is_staff"]
    search_fields = ["user__username", "ip_address"]
    date_hierarchy = "last_seen_at"
    actions = ["end_sessions"]
    readonly_fields = ["user", "session_key", "created_at", "last_seen_at", "ip_address"]
    readonly_fields += ["user_agent"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "End" is the one way to remove a session
        return actions

    def _others(self, request, queryset):
        return queryset.exclude(session_key=request.session.session_key or "")

    @admin.action(description=_("End selected sessions"), permissions=["delete"])
    def end_sessions(self, request, queryset):
        ended = sessions.sessions_end(sessions=self._others(request, queryset))
        message = ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended)
        self.message_user(request, message % {"count": ended})

    def get_urls(self):
        end = self.admin_site.admin_view(self.end_view)
        return [path("<int:pk>/end/", end, name="crm_usersession_end")] + super().get_urls()

    def end_view(self, request, pk):
        """Confirm (GET), then end (POST) one session, and go back to its user's page."""
        session = get_object_or_404(UserSession.objects.select_related("user"), pk=pk)
        if not self.has_delete_permission(request, session):
            raise PermissionDenied
        back = reverse("admin:auth_user_change", args=[session.user_id])
        if session.session_key == request.session.session_key:
            self.message_user(request, _("That is your own session: sign out instead."), "warning")
            return redirect(back)
        if request.method == "POST":
            sessions.session_end(session=session)
            self.message_user(request, _("Session ended: that browser is signed out."))
            return redirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": _("End this session?"),
            "session": session,
            "back": back,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/crm/usersession/end.html", context)
