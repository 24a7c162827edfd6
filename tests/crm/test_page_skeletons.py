"""The page skeletons: every list page is built from templates/crm/list_page.html and every
form page from templates/crm/form_page.html, their markup is balanced, a form page's <title>
is its heading, and a related record the viewer may not see is shown by the one tag."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from leads.models import MemberStatus
from leads.services import contact_list_member_add
from parties.models import LeadSource, PartyContactMech
from parties.services import party_share
from tests.factories import (
    make_account,
    make_campaign,
    make_contact,
    make_contact_list,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
)

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LIST_SKELETON = "crm/list_page.html"
FORM_SKELETON = "crm/form_page.html"

LIST_PAGES = {
    "commerce/order_list.html",
    "commerce/product_list.html",
    "commerce/review_list.html",
    "events/list.html",
    "leads/campaign_list.html",
    "leads/contact_list_list.html",
    "leads/lead_source_list.html",
    "leads/list.html",
    "opportunities/list.html",
    "parties/journey.html",
    "parties/list.html",
    "parties/partner_list.html",
    "support/case_list.html",
    "workspace/job_list.html",
    "workspace/notification_list.html",
}
FORM_PAGES = {
    "commerce/order_form.html",
    "crm/_bulk_confirm.html",  # a bulk action's confirmation (POST only)
    "crm/saved_view_form.html",  # a refused "Save current view as…" (POST only)
    "events/form.html",
    "leads/campaign_form.html",
    "leads/contact_list_form.html",
    "leads/contact_list_member_form.html",
    "leads/form.html",
    "leads/lead_source_form.html",
    "leads/vcard_import.html",
    "notes/note_edit.html",
    "notes/note_form.html",
    "opportunities/form.html",
    "parties/contact_mech_form.html",
    "parties/employment_form.html",
    "parties/form.html",
    "parties/partner_form.html",
    "support/case_form.html",
    "workspace/notification_settings.html",
}
# Pages with a table or a POST form that are neither a list nor a form page, and why.
OTHER_PAGES = {
    "commerce/order_detail.html": "a record's page: its items, history and status actions",
    "commerce/product_detail.html": "a record's page: its figures, reviews and orders",
    "commerce/review_detail.html": "a record's page with its moderation form",
    "commerce/shopping_list_detail.html": "a record's page: its items and one order button",
    "crm/sharing.html": "who may see a record: the grants, with a form per grant",
    "events/activity.html": "the team's activity: figures and a chart",
    "events/detail.html": "a record's page",
    "forecasts/detail.html": "a forecast's figures beside the form that commits it",
    "forecasts/overview.html": "figures per period, not rows of records",
    "forecasts/quotas.html": "the quota grid beside the form that sets one",
    "leads/campaign_detail.html": "a record's page",
    "leads/contact_list_detail.html": "a record's page: members with a form per row",
    "leads/convert.html": "a form page still to move to the skeleton (its owner is changing it)",
    "leads/detail.html": "a record's page",
    "leads/vcard_import_preview.html": "the preview of an import, confirmed by one button",
    "opportunities/detail.html": "a record's page",
    "parties/detail.html": "a record's page",
    "parties/partner_detail.html": "a record's page: its terms history, contacts and the end form",
    "leads/capture_form.html": "a campaign's public web form, outside the CRM's pages",
    "registration/login.html": "signing in",
    "admin/crm/usersession/end.html": "the admin's own look: confirming the end of a session",
    "registration/password_change_form.html": "Django's password form, beside the settings",
    "registration/password_reset_form.html": "signed out: the sign-in page's narrow card",
    "registration/password_reset_done.html": "signed out: the sign-in page's narrow card",
    "registration/password_reset_confirm.html": "signed out: the sign-in page's narrow card",
    "registration/password_reset_complete.html": "signed out: the sign-in page's narrow card",
    "support/case_detail.html": "a record's page: its clocks, notes, history and actions",
    "support/figures.html": "figures per queue and week, not rows of records",
    "support/queue.html": "a queue's counts beside its next cases to take",
    "workspace/dashboard.html": "the dashboard's panels",
    "workspace/settings.html": "several small forms of the user's settings",
}
# Templates that still write the restricted marker by hand instead of using the tags.
HAND_WRITTEN_RESTRICTED = {
    "leads/detail.html": "its owner is changing it; two single-line replacements to make",
}
EXTENDS = re.compile(r'{%\s*extends\s+"([^"]+)"\s*%}')


def _templates() -> dict[str, str]:
    return {
        path.relative_to(TEMPLATES).as_posix(): path.read_text()
        for path in sorted(TEMPLATES.rglob("*.html"))
    }


def _extends(text: str) -> str | None:
    found = EXTENDS.match(text)
    return found.group(1) if found else None


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_page_extends_the_list_skeleton(name):
    assert _extends((TEMPLATES / name).read_text()) == LIST_SKELETON


@pytest.mark.parametrize("name", sorted(FORM_PAGES))
def test_form_page_extends_the_form_skeleton(name):
    assert _extends((TEMPLATES / name).read_text()) == FORM_SKELETON


def test_every_page_with_a_table_or_a_post_form_is_a_list_a_form_or_named_as_neither():
    """A new page that copies a table or a form instead of extending a skeleton fails here,
    as does one that extends a skeleton without being listed above."""
    unlisted, misplaced = [], []
    for name, text in _templates().items():
        parent = _extends(text)
        if parent is None or name in (LIST_SKELETON, FORM_SKELETON):
            continue  # a partial or a skeleton
        if parent == LIST_SKELETON:
            misplaced += [] if name in LIST_PAGES else [name]
        elif parent == FORM_SKELETON:
            misplaced += [] if name in FORM_PAGES else [name]
        elif ("<table" in text or '<form method="post"' in text) and name not in OTHER_PAGES:
            unlisted.append(name)
    assert unlisted == [], "pages with a table or a form: extend a skeleton, or name them"
    assert misplaced == [], "pages extending a skeleton that the lists above do not name"
    assert sorted(set(OTHER_PAGES) - set(_templates())) == [], "pages that are gone"


def test_no_page_writes_the_restricted_marker_by_hand():
    by_hand = sorted(
        name
        for name, text in _templates().items()
        if 'class="restricted">' in text and name not in HAND_WRITTEN_RESTRICTED
    )
    assert by_hand == [], "use {% restricted %} or {% record_link name url visible %}"


# Markup that must open and close within the page (the skeletons open none for a child).
BLOCK_ELEMENTS = {
    "aside",
    "details",
    "div",
    "dl",
    "fieldset",
    "form",
    "li",
    "main",
    "nav",
    "ol",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}


class _Page(HTMLParser):
    """The unbalanced block elements of a page, its <title> and its <h1>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.title = self.h1 = ""
        self._in: str | None = None
        self.feed(html)
        self.close()
        self.problems += [f"<{tag}> never closed" for tag in self.open]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_ELEMENTS:
            self.open.append(tag)
        if tag in ("title", "h1") and not getattr(self, tag):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None
        if tag not in BLOCK_ELEMENTS:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else ''}>")
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]
            return
        self.open.pop()

    def handle_data(self, data):
        if self._in:
            setattr(self, self._in, getattr(self, self._in) + data)


def _words(text: str) -> str:
    return " ".join(unescape(text).split())


@pytest.fixture
def world(alice, dan, mark, admin_user):
    """One record of each kind, owned by the persona whose pages show them, and a contact dan
    shares with alice, whose employer (dan's) she may not see."""
    hidden = make_account(dan, name="Hidden Employer")
    shared = make_contact(dan, first_name="Cy", last_name="Worker", account=hidden)
    party_share(actor=dan, party=shared, action="view", user=alice)
    contact = make_contact(alice, first_name="Ada", last_name="Byron", email="ada@example.com")
    account = make_account(alice, name="Acme & Sons")
    customer = make_customer(alice)
    lead = make_lead(alice, first_name="Lea", last_name="Lead")
    opportunity = make_opportunity(alice, account=account)
    event = make_event(alice, party=contact)
    campaign = make_campaign(mark)
    contact_list = make_contact_list(mark)
    member = contact_list_member_add(actor=mark, contact_list=contact_list, party=lead.party)
    assert member.status == MemberStatus.PENDING
    return {
        "contact": contact,
        "account": account,
        "customer": customer,
        "lead": lead,
        "opportunity": opportunity,
        "event": event,
        "campaign": campaign,
        "contact_list": contact_list,
        "pcm": PartyContactMech.objects.filter(party=contact).first(),
        "lead_source": LeadSource.objects.order_by("pk").first(),
    }


def _list_pages(w) -> list[tuple[str, str]]:
    return [
        ("alice", reverse("contacts:list")),
        ("alice", reverse("accounts:list")),
        ("alice", reverse("customers:list")),
        ("alice", reverse("leads:list")),
        ("carol", reverse("leads:list")),  # a manager: the bulk-assign form around the table
        ("alice", reverse("opportunities:list")),
        ("alice", reverse("events:list")),
        ("alice", reverse("events:list") + f"?party={w['contact'].pk}"),
        ("carol", reverse("contacts:list") + "?scope=mine"),  # nothing to show: the empty row
        ("dan", reverse("events:list")),
        ("mark", reverse("campaigns:list")),
        ("mark", reverse("contact_lists:list")),
        ("alice", reverse("lead_sources:list")),
        ("admin", reverse("lead_sources:list")),
        ("alice", reverse("notification_list")),
    ]


def _form_pages(w) -> list[tuple[str, str]]:
    contact, account, lead = w["contact"], w["account"], w["lead"]
    return [
        ("alice", reverse("contacts:new")),
        ("alice", reverse("accounts:new")),
        ("alice", reverse("customers:new")),
        ("alice", reverse("contacts:edit", args=[contact.pk])),
        ("alice", reverse("accounts:edit", args=[account.pk])),
        ("alice", reverse("customers:edit", args=[w["customer"].pk])),
        ("alice", reverse("contacts:contact_mech_new", args=[contact.pk])),
        ("alice", reverse("contacts:contact_mech_edit", args=[contact.pk, w["pcm"].pk])),
        ("alice", reverse("contacts:employment_new", args=[contact.pk])),
        ("alice", reverse("accounts:employment_new", args=[account.pk])),
        ("alice", reverse("leads:new")),
        ("alice", reverse("leads:edit", args=[lead.pk])),
        ("alice", reverse("leads:import_vcard")),
        ("alice", reverse("opportunities:new")),
        ("alice", reverse("opportunities:edit", args=[w["opportunity"].pk])),
        ("alice", reverse("events:new")),
        ("alice", reverse("events:new") + "?kind=call&log=1"),
        ("alice", reverse("events:edit", args=[w["event"].pk])),
        ("mark", reverse("campaigns:new")),
        ("mark", reverse("campaigns:edit", args=[w["campaign"].pk])),
        ("mark", reverse("contact_lists:new")),
        ("mark", reverse("contact_lists:edit", args=[w["contact_list"].pk])),
        ("mark", reverse("contact_lists:member_add", args=[w["contact_list"].pk])),
        ("admin", reverse("lead_sources:new")),
        ("admin", reverse("lead_sources:edit", args=[w["lead_source"].pk])),
        ("alice", reverse("notification_settings")),
    ]


def _page(client, personas, who: str, url: str, skeleton: str) -> _Page:
    client.force_login(personas[who])
    response = client.get(url)
    assert response.status_code == 200, url
    assert skeleton in [t.name for t in response.templates], url
    return _Page(response.content.decode())


def test_list_pages_have_balanced_markup(client, personas, world):
    for who, url in _list_pages(world):
        page = _page(client, personas, who, url, LIST_SKELETON)
        assert page.problems == [], (who, url)


def test_form_pages_have_balanced_markup_and_their_heading_is_their_title(client, personas, world):
    for who, url in _form_pages(world):
        page = _page(client, personas, who, url, FORM_SKELETON)
        assert page.problems == [], (who, url)
        heading = _words(page.h1)
        assert heading, url
        assert _words(page.title) == f"{heading} · CRM", url


def test_form_pages_name_the_record_and_go_back_to_it(client, alice, world):
    client.force_login(alice)
    contact = world["contact"]
    html = client.get(reverse("contacts:employment_new", args=[contact.pk])).content.decode()
    assert "<title>Where Ada Byron works · CRM</title>" in html
    assert f'<a class="btn btn-link" href="{reverse("contacts:detail", args=[contact.pk])}">' in (
        html
    )


def test_form_page_shows_an_error_of_no_field_once(client, alice):
    party = make_lead(alice, first_name="Lisa", last_name="Lead", company_name="Initech").party
    client.force_login(alice)
    url = reverse("leads:edit", args=[party.pk])
    stale = {"first_name": "Lisa", "last_name": "Lead", "company_name": "Initech"}
    stale["version"] = party.version
    assert client.post(url, stale | {"job_title": "Head of IT"}).status_code == 302
    html = client.post(url, stale | {"job_title": "Buyer"}).content.decode()
    assert html.count("changed by someone else") == 1


def test_list_shows_a_restricted_employer_by_the_tag(client, alice, world):
    client.force_login(alice)
    html = client.get(reverse("contacts:list")).content.decode()
    assert '<td><span class="restricted">restricted</span></td>' in html
    assert "Hidden Employer" not in html


def _render(source: str, **context) -> str:
    return Template("{% load crm %}" + source).render(Context(context))


def test_restricted_tag_renders_the_marker():
    assert _render("{% restricted %}") == '<span class="restricted">restricted</span>'


def test_record_link_links_the_name_of_a_visible_record():
    html = _render("{% record_link name url True %}", name="Acme & Sons", url="/accounts/1/")
    assert html == '<a href="/accounts/1/">Acme &amp; Sons</a>'


def test_record_link_without_a_url_shows_the_name_alone():
    assert _render('{% record_link name "" True %}', name="<b>Acme</b>") == (
        "&lt;b&gt;Acme&lt;/b&gt;"
    )


def test_record_link_of_a_record_the_viewer_may_not_see_never_reads_its_name():
    class Record:
        reads = 0

        @property
        def name(self):
            Record.reads += 1
            return "Secret Labs"

    html = _render("{% record_link record.name url False %}", record=Record(), url="/x/")
    assert html == '<span class="restricted">restricted</span>'
    assert Record.reads == 0


def test_breadcrumb_tag_renders_nothing_without_items():
    assert _render("{% breadcrumb %} {% endbreadcrumb %}") == ""
    assert _render('{% breadcrumb %}<li class="breadcrumb-item">Up</li>{% endbreadcrumb %}') == (
        '<nav aria-label="breadcrumb"><ol class="breadcrumb">'
        '<li class="breadcrumb-item">Up</li></ol></nav>'
    )
