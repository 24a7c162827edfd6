"""Saved views of the lists: a named query string (filters, sort, scope) that its owner keeps
for one list, private or shared with the owner's home team, and per user and list the view
the list opens with (its default).

A list is known by its URL name (`LISTS`). Opening a list without a query string applies the
user's default view by redirecting to the list with the view's query string, so the URL
always shows what is applied (`DefaultViewMiddleware`); `?saved_view=<pk>` in a list's URL
names the view it shows, `?saved_view=none` opens the list as it is, default or not.

Reads and writes are here (crm imports no app: the lists are named, not imported); the pages
are crm.saved_view_pages, the bar templates/crm/_saved_views.html."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import SavedView, SavedViewDefault, UserProfile

# The lists with filters (templates/crm/list_page.html with a filterset) and no record in
# their URL, by URL name. tests/crm/test_saved_views.py checks each shows the bar.
LISTS = frozenset(
    {
        "contacts:list",
        "accounts:list",
        "customers:list",
        "partners:list",
        "leads:list",
        "opportunities:list",
        "events:list",
        "orders:list",
        "products:list",
        "reviews:list",
        "cases:list",
    }
)
# The parameter that names the view a list shows ("none": no view, not even the default).
PARAM = "saved_view"
# Not part of a view: the pager's cursors, and the view's own marker.
NOT_SAVED = frozenset({"after", "before", PARAM})
NAME_MAX_LENGTH = 80
QUERY_MAX_LENGTH = 2000


def view_query(query: str) -> str:
    """What a view keeps of a list's query string: its filters, sort and scope (no cursor,
    no empty value), in the order they came."""
    pairs = [
        (key, value)
        for key, value in parse_qsl(query or "", keep_blank_values=False)
        if key not in NOT_SAVED
    ]
    return urlencode(pairs)


def _team_shared_q(user: User) -> Q:
    """Views shared by members of `user`'s home team (none without one)."""
    team = UserProfile.objects.filter(user=user).values("home_team_id")[:1]
    return Q(shared=True, owner__profile__home_team_id=Subquery(team))


def visible_views(user: User):
    """The views `user` may open: their own and those their team shares."""
    return SavedView.objects.filter(Q(owner=user) | _team_shared_q(user))


@dataclass
class Bar:
    """What the saved-views bar of a list shows."""

    list_key: str
    mine: list[SavedView] = field(default_factory=list)
    team: list[SavedView] = field(default_factory=list)

    @property
    def views(self) -> list[SavedView]:
        return self.mine + self.team

    @property
    def default(self) -> SavedView | None:
        return next((view for view in self.views if view.is_default), None)

    def get(self, pk) -> SavedView | None:
        return next((view for view in self.views if str(view.pk) == str(pk)), None)


def bar_for(user: User, list_key: str) -> Bar:
    """The user's views of the list and their team's shared ones, each marked whether it is
    the user's default: one query."""
    views = (
        visible_views(user)
        .filter(list_key=list_key)
        .select_related("owner")
        .annotate(
            is_default=Exists(
                SavedViewDefault.objects.filter(user=user, list_key=list_key, view=OuterRef("pk"))
            )
        )
        .order_by(Lower("name"), "pk")
    )
    bar = Bar(list_key)
    for view in views:
        (bar.mine if view.owner_id == user.pk else bar.team).append(view)
    return bar


def view_for(user: User, pk: int) -> SavedView:
    """A view `user` may open; SavedView.DoesNotExist otherwise (a page answers 404)."""
    return visible_views(user).get(pk=pk)


def view_url(view: SavedView) -> str:
    """The list with the view applied."""
    query = f"{view.query}&" if view.query else ""
    return f"{reverse(view.list_key)}?{query}{PARAM}={view.pk}"


def list_url_without_view(list_key: str) -> str:
    return f"{reverse(list_key)}?{PARAM}=none"


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError({"name": _("Give the view a name.")})
    if len(cleaned) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("A view's name has at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}}
        )
    return cleaned


@transaction.atomic
def saved_view_save(
    *, owner: User, list_key: str, name: str, query: str, shared: bool = False
) -> SavedView:
    """Saves the list's current filters and sort under a name; a view of the owner's with
    that name (any case) on that list is replaced."""
    if list_key not in LISTS:
        raise ValidationError({"list_key": _("This list has no saved views.")})
    name = _clean_name(name)
    query = view_query(query)
    if len(query) > QUERY_MAX_LENGTH:
        # Not the hidden field's error: said above the form.
        raise ValidationError(_("These filters are too long to save."))
    existing = (
        SavedView.objects.select_for_update()
        .alias(lname=Lower("name"))
        .filter(owner=owner, list_key=list_key, lname=name.lower())
        .first()
    )
    if existing is None:
        return SavedView.objects.create(
            owner=owner, list_key=list_key, name=name, query=query, shared=shared
        )
    existing.name, existing.query, existing.shared = name, query, shared
    existing.updated_at = timezone.now()
    existing.save(update_fields=["name", "query", "shared", "updated_at"])
    return existing


@transaction.atomic
def saved_view_delete(*, actor: User, view: SavedView) -> None:
    """Deletes one of `actor`'s views (and whoever's default it was); someone else's view,
    even shared with them: PermissionDenied."""
    if view.owner_id != actor.pk:
        raise PermissionDenied(_("Only its owner may delete a saved view."))
    view.delete()


@transaction.atomic
def saved_view_make_default(*, user: User, view: SavedView) -> SavedViewDefault:
    """The list opens with this view for `user` from now on (their own or their team's)."""
    default, _created = SavedViewDefault.objects.update_or_create(
        user=user, list_key=view.list_key, defaults={"view": view}
    )
    return default


@transaction.atomic
def saved_view_clear_default(*, user: User, list_key: str) -> bool:
    deleted, _ = SavedViewDefault.objects.filter(user=user, list_key=list_key).delete()
    return bool(deleted)


class DefaultViewMiddleware:
    """A list opened without a query string shows the user's default view: a redirect to
    the list with the view's query string. It reads the list's bar (one query) and leaves
    it on the request for the bar, so a list makes the same one query either way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method != "GET"
            or request.GET
            or match is None
            or match.view_name not in LISTS
            or request.headers.get("HX-Request") == "true"
            or not request.user.is_authenticated
        ):
            return None
        bar = bar_for(request.user, match.view_name)
        request.saved_views_bar = bar
        default = bar.default
        if default is not None:
            return redirect(view_url(default))
        return None
