"""The CRM's pages as its users find them: every named URL (its arguments filled from the world)
fetched as each persona, and the forms each page holds."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.fuzz.html_forms import Field, Form, forms_of
from tests.fuzz.world import World, named_routes, route_kwargs

# Who looks first: the owner of the records, then those with other rights.
PERSONAS = ["alice", "carol", "mark", "bob", "admin"]
# Views whose forms are not the CRM's to fuzz.
NOT_FUZZED = {"logout", "login"}


@dataclass
class Page:
    """A page that answered 200 with HTML to a persona."""

    view_name: str
    url: str
    persona: str
    html: str
    django_forms: list[forms.BaseForm]  # the forms of the page's context

    def forms(self) -> list[Form]:
        return forms_of(self.html, self.url)


@dataclass
class Target:
    """A form found on a page: who saw it, where it posts to."""

    view_name: str  # the view it posts to
    persona: str
    page: str
    form: Form

    def __repr__(self) -> str:
        return f"Target({self.form.action!r} as {self.persona}, fields {sorted(self.form.fields)})"


def context_forms(context) -> list[forms.BaseForm]:
    """The Django forms a response's template context holds (a filter set's form too)."""
    found: list[forms.BaseForm] = []
    if context is None:
        return found
    # One template rendered: a Context; several: a ContextList (a list of them).
    for each in context if isinstance(context, list) else [context]:
        for value in each.flatten().values():
            if hasattr(value, "filters") and hasattr(value, "form"):  # a FilterSet
                value = value.form
            if isinstance(value, forms.BaseForm) and all(value is not f for f in found):
                found.append(value)
    return found


# A Django form field's HTML input type, for a field the page did not render.
def _html_type(field: forms.Field) -> str:
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return "checkbox"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "select"
    if isinstance(field, forms.DateTimeField):
        return "datetime-local"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        return "number"
    return "hidden" if field.widget.is_hidden else "text"


def add_unrendered_fields(form: Form, django_forms: list[forms.BaseForm]) -> None:
    """The fields of the Django form behind `form` that the page does not show (a template
    leaves them out when they offer nothing): posted anyway by whoever tampers."""
    shown = set(form.fields) - {"csrfmiddlewaretoken", "next"}
    best, overlap = None, 0
    for candidate in django_forms:
        names = {candidate.add_prefix(name) for name in candidate.fields}
        if len(names & shown) > overlap:
            best, overlap = candidate, len(names & shown)
    if best is None:
        return
    for name, field in best.fields.items():
        html_name = best.add_prefix(name)
        if html_name not in form.fields and not field.disabled:
            html_type = _html_type(field)
            form.fields[html_name] = Field(
                name=html_name, tag="unrendered", type=html_type, multiple=html_type == "checkbox"
            )


def view_name_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def route_urls(world: World) -> tuple[dict[str, str], list[str]]:
    """view name -> URL for every named route; and the routes whose arguments are unknown."""
    urls, unknown = {}, []
    for view_name, pattern in named_routes():
        kwargs = route_kwargs(view_name, list(pattern.pattern.converters), world)
        if kwargs is None:
            unknown.append(view_name)
        else:
            urls[view_name] = reverse(view_name, kwargs=kwargs)
    # Records in another state show other forms (reopen).
    urls["opportunities:detail (closed)"] = reverse(
        "opportunities:detail", args=[world.closed_opportunity.pk]
    )
    urls["events:detail (completed)"] = reverse("events:detail", args=[world.completed_event.pk])
    # A phone order is placed for a customer, named in the query string.
    customer = world.records["customers"].party.pk
    urls["orders:new (for a customer)"] = f"{reverse('orders:new')}?customer={customer}"
    # A reset link (password_reset_confirm, above) keeps its token in the session and sends
    # the browser on to this page, which holds the new password's form.
    reset = urls.get("password_reset_confirm")
    if reset is not None:
        urls["password_reset_confirm (set password)"] = reverse(
            "password_reset_confirm",
            kwargs={"uidb64": reset.rstrip("/").split("/")[-2], "token": "set-password"},
        )
    return urls, unknown


def _role_page(view_name: str) -> bool:
    """A page whose forms depend on who looks (a manager's assign form on the lead list, a
    participant's answer on an event): lists, boards and records' pages."""
    name = view_name.split(" ")[0].rpartition(":")[2]
    return name in ROLE_PAGES


ROLE_PAGES = {"list", "detail", "pipeline", "overview", "my_work", "dashboard", "sharing"}


def crawl(clients: dict[str, Client], urls: dict[str, str]) -> list[Page]:
    """Each URL fetched as the first persona, and as each other one where the forms may
    differ: the pages whose forms depend on who looks, and those the first may not open. The
    HTML pages answering 200, with the forms of their context."""
    pages = []
    first_status: dict[str, int] = {}
    for persona in PERSONAS:
        for view_name, url in urls.items():
            if persona != PERSONAS[0]:
                status = first_status[view_name]
                if status == 405 or (status == 200 and not _role_page(view_name)):
                    continue  # a POST-only URL; a page the same for all who may open it
            response = clients[persona].get(url)
            if persona == PERSONAS[0]:
                first_status[view_name] = response.status_code
            html = response.get("Content-Type", "").startswith("text/html")
            if response.status_code == 200 and html:
                page = Page(
                    view_name,
                    url,
                    persona,
                    response.content.decode(),
                    context_forms(response.context),
                )
                pages.append(page)
    return pages


def post_targets(pages: list[Page]) -> dict[str, list[Target]]:
    """view name -> the distinct POST forms (by their field names) that post to it, each with
    the first persona that sees it."""
    targets: dict[str, list[Target]] = {}
    seen: set[tuple] = set()
    for page in pages:
        for form in page.forms():
            name = view_name_of(form.action)
            if form.method != "post" or name is None or name in NOT_FUZZED:
                continue
            add_unrendered_fields(form, page.django_forms)
            key = (name, tuple(sorted(form.fields)))
            if key not in seen:
                seen.add(key)
                targets.setdefault(name, []).append(Target(name, page.persona, page.url, form))
    return targets
