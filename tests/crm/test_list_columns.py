"""The column chooser of the lists (crm.columns): `?cols=` says which columns a list shows (no
`cols`: its defaults; unknown keys ignored; the record's own column always), a saved view
keeps the choice with the filters, and the choice costs no query."""

import re
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse

from commerce import services as commerce_services
from crm import columns, saved_views
from crm.models import SavedView, SavedViewDefault
from tests.factories import (
    make_account,
    make_contact,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
    make_order,
    make_product,
)
from tests.helpers import count_queries
from tests.support import make_case, make_levels, make_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(admin_user, team_east):
    """One row on every list, made by the admin (who sees them all)."""
    from parties import services as party_services
    from parties.models import PartnerType

    account = make_account(admin_user, name="Acme")
    make_contact(admin_user, first_name="Ada", last_name="Lovelace")
    customer = make_customer(admin_user, first_name="Alma", last_name="Buyer")
    party_services.partner_create(
        actor=admin_user,
        name="Channel Co",
        commission_rate=Decimal("10.00"),
        owner=admin_user,
        type=PartnerType.RESELLER,
    )
    make_lead(admin_user)
    make_opportunity(admin_user, account=account)
    make_event(admin_user)
    product = make_product("MUG", name="Coffee mug")
    make_order(admin_user, customer, products=[product])
    commerce_services.review_post(
        actor=None, customer=customer, product=product, rating=4, title="Good mug"
    )
    make_levels()
    make_queue(team_east)
    make_case(admin_user, customer)


def _table(html: str) -> tuple[str, str]:
    """The list's table head and its first body row."""
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    body = re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", html, re.S).group(1)
    return head, body


def _shape(client, list_key: str, **query) -> tuple[int, int, str]:
    response = client.get(reverse(list_key), {"saved_view": "none", **query})
    assert response.status_code == 200
    head, row = _table(response.text)
    return len(re.findall(r"<th\b", head)), len(re.findall(r"<td\b", row)), head


def _hideable(list_key: str) -> list[columns.Column]:
    return [column for column in columns.columns_of(list_key) if not column.fixed]


@pytest.mark.parametrize("list_key", sorted(saved_views.LISTS))
def test_every_list_declares_columns_and_a_column_that_stays(list_key):
    declared = columns.columns_of(list_key)
    assert [c for c in declared if c.fixed], f"{list_key} has no column that always shows"
    assert _hideable(list_key), f"{list_key} offers no column to hide"


@pytest.mark.parametrize("list_key", sorted(saved_views.LISTS))
def test_hiding_columns_removes_their_headers_and_cells(client, admin_user, rows, list_key):
    client.force_login(admin_user)
    default_heads, default_cells, default_head = _shape(client, list_key)
    assert default_heads == default_cells  # the row has a cell under every header
    fixed = ",".join(c.key for c in columns.columns_of(list_key) if c.fixed)
    bare_heads, bare_cells, bare_head = _shape(client, list_key, cols=fixed)
    assert bare_heads == bare_cells
    hidden_by_default = [c for c in _hideable(list_key) if c.default]
    assert bare_heads <= default_heads - len(hidden_by_default)
    first = hidden_by_default[0]
    assert str(first.label) in default_head
    assert str(first.label) not in bare_head
    # Showing only `first` again brings back its header and one cell per header.
    heads, cells, head = _shape(client, list_key, cols=first.key)
    assert heads == cells and heads > bare_heads
    assert str(first.label) in head


@pytest.mark.parametrize("list_key", sorted(saved_views.LISTS))
def test_the_choice_costs_no_query(client, admin_user, rows, list_key):
    client.force_login(admin_user)
    url = f"{reverse(list_key)}?saved_view=none"
    everything = ",".join(c.key for c in columns.columns_of(list_key))
    count_queries(client, url)
    defaults = count_queries(client, url)
    assert count_queries(client, f"{url}&cols={everything}") == defaults
    assert count_queries(client, f"{url}&cols=-") == defaults


def test_without_cols_the_list_shows_its_defaults(client, admin_user, rows):
    client.force_login(admin_user)
    page = client.get("/leads/?saved_view=none").text
    head, _row = _table(page)
    assert "Created" in head  # shown by default
    assert "Updated" not in head  # offered, hidden by default
    assert 'name="cols" value="updated"' in page  # ...and offered in the chooser, unticked
    assert 'name="cols" value="updated" id="column-updated" checked' not in page


def test_unknown_column_keys_are_ignored(client, admin_user, rows):
    client.force_login(admin_user)
    heads, cells, head = _shape(client, "leads:list", cols="email,nonsense,<script>")
    assert (heads, cells) == (3, 3)  # the bulk checkbox, the name, the e-mail
    assert "E-mail" in head and "Phone" not in head
    assert "&lt;script&gt;" not in client.get("/leads/?cols=<script>&saved_view=none").text


def test_the_record_column_cannot_be_hidden(client, admin_user, rows):
    client.force_login(admin_user)
    response = client.get("/opportunities/", {"cols": "stage", "saved_view": "none"})
    head, row = _table(response.text)
    assert "Opportunity" in head and "Stage" in head and "Owner" not in head
    assert 'id="column-name"' not in response.text  # no box for it


def test_the_chooser_repeated_form_and_keeps_other_filters(client, admin_user, rows):
    """The chooser's GET sends `cols=name&cols=email` (a box per column) and keeps the list's
    filters and sort as hidden fields."""
    client.force_login(admin_user)
    response = client.get(
        "/contacts/", {"scope": "all", "sort": "-updated", "cols": ["name", "email", "phone"]}
    )
    head, _row = _table(response.text)
    assert "E-mail" in head and "Phone" in head and "Owner" not in head
    chooser = response.text.split('data-testid="columns-menu"')[1].split("</details>")[0]
    assert '<input type="hidden" name="scope" value="all">' in chooser
    assert '<input type="hidden" name="sort" value="-updated">' in chooser
    assert 'value="email" id="column-email" checked' in chooser
    assert 'value="owner" id="column-owner">' in chooser


def test_the_filters_tabs_and_pager_keep_the_choice(client, admin_user, rows):
    client.force_login(admin_user)
    page = client.get("/contacts/", {"scope": "all", "cols": "email"}).text
    # The filters form carries it as a hidden field, the scope tabs in their links.
    filters = page.split('id="list-filters"')[1].split("</form>")[0]
    assert '<input type="hidden" name="cols" value="name,email">' in filters
    assert 'href="?cols=name,email&amp;scope=mine"' in page
    # The pager's links are the query string without the cursor: `cols` included.
    response = client.get("/contacts/", {"scope": "all", "cols": "email"})
    assert "cols=email" in response.context["querystring"]


def test_a_saved_view_reopens_with_its_columns(client, admin_user, rows):
    client.force_login(admin_user)
    response = client.post(
        "/views/save/",
        {"list_key": "contacts:list", "name": "Slim", "query": "scope=all&cols=name,email"},
    )
    view = SavedView.objects.get()
    assert view.query == "scope=all&cols=name%2Cemail"
    head, _row = _table(client.get(response["Location"]).text)
    assert "E-mail" in head and "Phone" not in head and "Updated" not in head


def test_my_default_view_applies_its_columns(client, admin_user, rows):
    view = SavedView.objects.create(
        owner=admin_user, list_key="cases:list", name="Triage", query="cols=number,priority"
    )
    SavedViewDefault.objects.create(user=admin_user, list_key="cases:list", view=view)
    client.force_login(admin_user)
    response = client.get("/cases/", follow=True)
    head, row = _table(response.text)
    assert "Priority" in head and "Subject" not in head and "Queue" not in head
    assert len(re.findall(r"<th\b", head)) == len(re.findall(r"<td\b", row))


def test_shown_columns_reads_commas_and_repeats():
    shown = columns.shown_columns("leads:list", QueryDict("cols=email,phone&cols=owner&cols="))
    assert set(shown.keys) == {"name", "email", "phone", "owner"}
    assert shown.value == "name,email,phone,owner"
    assert shown.query == "cols=name,email,phone,owner"
    assert columns.shown_columns("leads:list", QueryDict("")).chosen is False
    assert columns.shown_columns("leads:list", QueryDict("")).query == ""


def test_default_columns_link_drops_the_choice_and_keeps_the_rest(client, admin_user, rows):
    client.force_login(admin_user)
    page = client.get("/orders/", {"status": "new", "cols": "number"}).text
    assert 'href="?status=new">Default columns</a>' in page
    # With nothing else in the query string it opens the list as it is (not my default view).
    page = client.get("/orders/", {"cols": "number"}).text
    assert 'href="?saved_view=none">Default columns</a>' in page
    assert "Default columns" not in client.get("/orders/?saved_view=none").text
