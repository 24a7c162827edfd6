"""One search across everything (workspace, crm.search): grouped by kind with counts, each
group capped with "show all", only ever over what the user may see; the top bar's quick-jump
list; and a query count that does not grow with the hits."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm import search
from parties import services
from parties.selectors import search as search_selectors
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


def _groups(html: str) -> dict[str, str]:
    """Kind label -> the count shown, in page order."""
    found = re.findall(
        r'<h2 class="h6 mb-0 me-auto" id="search-[\w-]+-h">([^<]+) <span class="badge '
        r'text-bg-secondary" data-testid="search-count">([^<]+)</span>',
        html,
    )
    return {label.strip(): count for label, count in found}


@pytest.fixture
def globex(alice):
    """alice's Globex: the account, a contact there, a lead, a customer, a deal, a meeting."""
    account = make_account(alice, name="Globex Corporation")
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio", account=account)
    make_lead(alice, first_name="Lisa", last_name="Lead", company_name="Globex Labs")
    make_customer(alice, first_name="Marge", last_name="Globexson")
    make_opportunity(alice, account=account, name="Globex Corporation - 10 licences")
    make_event(alice, subject="Globex kick-off", party=contact)
    return account


def test_search_finds_every_kind_grouped_with_counts(client_for, alice, globex):
    html = client_for(alice).get("/search/?q=globex").content.decode()
    # The contact matches through its employer's name.
    assert _groups(html) == {
        "Contacts": "1",
        "Accounts": "1",
        "Customers": "1",
        "Leads": "1",
        "Opportunities": "1",
        "Events": "1",
    }
    assert "Hank Scorpio" in html and "Globex kick-off" in html
    assert f'href="/accounts/{globex.pk}/"' in html


def test_search_shows_nothing_the_user_may_not_see(client_for, dan, globex):
    html = client_for(dan).get("/search/?q=globex").content.decode()
    assert _groups(html) == {}
    assert 'data-testid="search-empty"' in html


def test_a_record_shared_with_someone_is_found_by_them(client_for, alice, dan, globex):
    services.party_share(actor=alice, party=globex, action="view", user=dan)
    html = client_for(dan).get("/search/?q=globex").content.decode()
    assert _groups(html) == {"Accounts": "1"}


def test_campaigns_and_lists_are_searched_by_whoever_has_their_pages(client_for, erin, mark):
    make_campaign(mark, name="Globex spring fair")
    make_contact_list(mark, name="Globex newsletter")
    assert _groups(client_for(mark).get("/search/?q=globex").content.decode()) == {
        "Campaigns": "1",
        "Contact lists": "1",
    }
    # Customer Service has no campaign or list pages: nothing of them in its search.
    assert _groups(client_for(erin).get("/search/?q=globex").content.decode()) == {}


def test_customer_service_finds_every_customer(client_for, erin, globex):
    assert _groups(client_for(erin).get("/search/?q=globex").content.decode()) == {"Customers": "1"}


def test_a_group_is_capped_with_a_show_all_link(client_for, alice, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 4)
    for i in range(7):
        make_contact(alice, first_name=f"Ann{i}", last_name="Zebrafish")
    html = client_for(alice).get("/search/?q=zebrafish").content.decode()
    assert _groups(html) == {"Contacts": "4+"}
    assert html.count("Zebrafish</a>") == 5  # the first five
    assert 'href="?q=zebrafish&amp;kind=contacts">Show all 4+' in html


def test_show_all_lists_one_kind_with_more_hits(client_for, alice, globex):
    for i in range(7):
        make_contact(alice, first_name=f"Bea{i}", last_name="Globexer")
    html = client_for(alice).get("/search/?q=globex&kind=contacts").content.decode()
    assert _groups(html) == {"Contacts": "8"}
    assert html.count("Globexer</a>") == 7
    assert "Show all" not in html


def test_an_unknown_kind_searches_everything(client_for, alice, globex):
    html = client_for(alice).get("/search/?q=globex&kind=nonsense").content.decode()
    assert len(_groups(html)) == 6


@pytest.mark.parametrize("url", ["/search/", "/search/quick/"])
def test_a_nul_character_in_the_query_is_dropped_not_sent_to_the_database(
    client_for, alice, globex, url
):
    """PostgreSQL refuses NUL in a query (a 500 before): the query is read without it."""
    response = client_for(alice).get(url, {"q": "glo\x00bex"})
    assert response.status_code == 200
    assert "Globex Corporation" in response.content.decode()


def test_quick_search_lists_the_first_hits_of_each_kind(client_for, alice, globex):
    html = client_for(alice).get("/search/quick/?q=glob", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html  # a fragment for the top bar
    assert "Globex Corporation" in html and "Globex kick-off" in html
    assert 'href="/search/?q=glob">All results' in html


def test_quick_search_says_nothing_for_one_letter(client_for, alice, globex):
    assert client_for(alice).get("/search/quick/?q=g").content.decode().strip() == ""


@pytest.fixture
def wu(alice, dan):
    """Two-letter names: a surname, a first name, a company, a lead's company and a deal, with
    "wu" inside other names, an address and a subject, and dan's Wu that alice may not see."""
    account = make_account(alice, name="Wurst GmbH")
    make_contact(alice, first_name="Ann", last_name="Wu", email="ann@example.org")
    make_contact(alice, first_name="Wu", last_name="Fang")
    make_contact(alice, first_name="Kim", last_name="Ludwurst", email="wu@example.org")
    make_lead(alice, first_name="Li", last_name="Na", company_name="Wuxi Trading")
    make_opportunity(alice, account=account, name="Wurst GmbH - 10 licences")
    make_event(alice, subject="Wu quarterly call")
    make_contact(dan, first_name="Danny", last_name="Wu")
    return account


def test_a_two_letter_term_finds_names_that_are_it_or_start_with_it(client_for, alice, wu):
    """A person called Wu is found (by last or first name), as are companies, lead companies
    and deals whose name starts with it; "wu" inside a name, an address or a subject is not
    a match for two letters."""
    html = client_for(alice).get("/search/?q=Wu").content.decode()
    assert "Type at least" not in html
    assert _groups(html) == {"Contacts": "2", "Accounts": "1", "Leads": "1", "Opportunities": "1"}
    results = html.split("</form>")[-1]
    for name in ("Ann Wu", "Wu Fang", "Wurst GmbH", "Li Na", "Wurst GmbH - 10 licences"):
        assert f">{name}</a>" in results
    for other in ("Ludwurst", "Danny Wu", "quarterly"):
        assert other not in results
    # Three letters still match inside names (and employees through their employer's name).
    assert "Kim Ludwurst" in client_for(alice).get("/search/?q=wur").content.decode()


def test_the_quick_jump_box_finds_a_two_letter_name(client_for, alice, wu):
    html = client_for(alice).get("/search/quick/?q=wu", HTTP_HX_REQUEST="true").content.decode()
    assert "Ann Wu" in html and "Wu Fang" in html and "Wurst GmbH" in html
    assert "Ludwurst" not in html and "Danny Wu" not in html


def test_one_letter_asks_for_two(client_for, alice, wu):
    html = client_for(alice).get("/search/?q=W").content.decode()
    assert "Type at least two characters." in html
    assert "Ann Wu" not in html


def test_a_two_letter_term_matching_many_names_is_matched_by_the_database(
    client_for, alice, wu, monkeypatch
):
    """Beyond the candidate cap, the database filters by the same prefix and orders."""
    monkeypatch.setattr(search_selectors, "SEARCH_CANDIDATE_CAP", 1)
    monkeypatch.setattr(search, "CANDIDATE_CAP", 1)
    html = client_for(alice).get("/search/?q=wu").content.decode()
    assert _groups(html) == {"Contacts": "2", "Accounts": "1", "Leads": "1", "Opportunities": "1"}
    assert "Ludwurst" not in html.split("</form>")[-1]


def test_a_lead_is_found_by_its_company_name(client_for, alice, dan):
    """Initech finds the lead who named it as their company (its page is the link), on the
    search page and in the quick-jump box, and only for those who may see the lead."""
    lead = make_lead(alice, first_name="Peter", last_name="Gibbons", company_name="Initech")
    link = f'href="/leads/{lead.pk}/">Peter Gibbons'
    for query in ("Initech", "nitec", "In"):
        html = client_for(alice).get("/search/", {"q": query}).content.decode()
        assert _groups(html) == {"Leads": "1"} and link in html
    assert link in client_for(alice).get("/search/quick/?q=initech").content.decode()
    assert "Gibbons" not in client_for(dan).get("/search/?q=Initech").content.decode()
    assert "Gibbons" not in client_for(dan).get("/search/quick/?q=Initech").content.decode()


def test_the_top_bar_offers_the_quick_jump_box(client_for, alice):
    html = client_for(alice).get("/").content.decode()
    assert 'hx-get="/search/quick/"' in html and 'aria-keyshortcuts="/"' in html


def _queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_hits(client_for, alice, globex):
    client = client_for(alice)
    few = _queries(client, "/search/?q=globex")
    account = make_account(alice, name="Globex Two")
    for i in range(6):
        contact = make_contact(alice, first_name=f"C{i}", last_name="Globexian", account=account)
        make_lead(alice, first_name=f"L{i}", last_name="Globexian")
        make_opportunity(alice, account=account, name=f"Globex Two - deal {i}")
        make_event(alice, subject=f"Globex call {i}", party=contact)
    # Never more: fewer when every hit's rows are then read together (one read for all).
    assert _queries(client, "/search/?q=globex") <= few
