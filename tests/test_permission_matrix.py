"""One permission matrix for the whole CRM: every URL x every persona -> expected status.

alice owns the records; bob (same team) may view them; carol manages the team (views and
changes them, may change the owner, may not share or disable them); dan (other team) sees
nothing of it; erin (Customer Service) sees every customer and changes its contact details,
payment preference and consent; mark (Marketing) sees nothing of it but a customer's reduced
page (names, e-mail, phone, consent); admin sees everything; anonymous users are sent to the
sign-in page. Not visible answers 404, visible but not allowed 403.

A row is a URL and what each persona gets from it: a GET row is one test for all personas, a
POST row one test per persona. The personas and their world are built once for the module;
each test's changes are rolled back after it (see `matrix_db`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from commerce.services import review_post, shopping_list_create
from events.services import feed_token_regenerate
from forecasts.models import SalesForecast
from leads.services import contact_list_member_add
from opportunities.models import OpportunityStage
from opportunities.services import competitor_add, contact_role_add
from parties.models import ConsentPurpose, LeadSource
from parties.services import employment_start, partner_create
from tests.conftest import FAST_PASSWORD_HASHERS, make_personas, make_team
from tests.factories import (
    make_account,
    make_campaign,
    make_contact,
    make_contact_list,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
    make_order,
    make_product,
)
from tests.support import make_case, make_levels, make_queue

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "alice", "bob", "carol", "dan", "erin", "mark", "admin"]


@dataclass
class Record:
    party: object
    pcm: object  # one of its contact mechanisms
    relationship: object  # one of its relationships


@dataclass
class World:
    contacts: Record
    accounts: Record
    customers: Record
    leads: Record
    campaign: object  # mark's, with its web form published
    lead_source: object
    contact_list: object  # mark's, with alice's lead as a pending member
    member: object
    opportunity: object  # alice's, on her account, in Prospecting
    forecast: object  # alice's for the month her opportunity closes in
    quarter: object  # an open quarter for quotas
    competitor_row: object
    contact_role_row: object
    event: object  # alice's meeting about her contact, with bob and the contact invited
    feed_token: str  # alice's calendar feed
    product: object
    order: object  # alice's order for her customer, created
    review: object  # the customer's review, pending
    shopping_list: object  # the customer's wish list, with the product on it
    case: object  # erin's support case for the customer, new and unassigned
    other_case: object  # another of the customer's cases, to merge into
    partner: object  # a reseller (a party) that alice manages as its channel manager


class Row(NamedTuple):
    """One URL of the matrix and what each persona gets from it."""

    name: str  # the test id
    method: str  # "get" or "post"
    url: Callable[[World], str]
    data: Callable[[World, dict[str, User]], dict] | None  # the POST data, from world + personas
    expected: dict[str, int]  # persona -> status code


def _build_world(personas: dict[str, User]) -> World:
    alice, bob = personas["alice"], personas["bob"]
    account = make_account(alice, name="Globex", website="globex.example")
    contact = make_contact(
        alice, first_name="Hank", last_name="Scorpio", email="hank@globex.example", account=account
    )
    customer = make_customer(alice, first_name="Marge", last_name="Bouvier")
    customer_job = employment_start(actor=alice, person=customer, organization=account)
    employment = contact.relationships_from.get()
    mark = personas["mark"]
    campaign = make_campaign(mark, capture_enabled=True)
    lead = make_lead(
        alice,
        first_name="Lisa",
        last_name="Lead",
        company_name="Initech",
        email="lisa@initech.example",
    ).party
    lead_job = employment_start(actor=alice, person=lead, organization=account)
    contact_list = make_contact_list(mark)
    member = contact_list_member_add(actor=mark, contact_list=contact_list, party=lead)
    opportunity = make_opportunity(alice, account=account)
    competitor_row = competitor_add(
        actor=alice, opportunity=opportunity, competitor=make_account(alice, name="Rival")
    )
    contact_role_row = contact_role_add(
        actor=alice, opportunity=opportunity, contact=contact, role="decision_maker"
    )
    forecast = SalesForecast.objects.get(
        owner=alice,
        period__kind="month",
        period__start_date__lte=opportunity.expected_close_date,
        period__end_date__gte=opportunity.expected_close_date,
    )
    product = make_product("BEANS-1", name="Arabica beans")
    make_queue(make_team("Support"))
    make_levels()
    erin = personas["erin"]
    return World(
        contacts=Record(contact, contact.contact_mechs.first(), employment),
        accounts=Record(account, account.contact_mechs.first(), employment),
        customers=Record(customer, customer.contact_mechs.first(), customer_job),
        leads=Record(lead, lead.contact_mechs.first(), lead_job),
        campaign=campaign,
        lead_source=LeadSource.objects.get(code="trade-show"),
        contact_list=contact_list,
        member=member,
        opportunity=opportunity,
        competitor_row=competitor_row,
        contact_role_row=contact_role_row,
        forecast=forecast,
        quarter=forecast.period.parent,
        event=make_event(
            alice, party=contact, participant_users=[bob], participant_parties=[contact]
        ),
        feed_token=feed_token_regenerate(user=alice).token,
        product=product,
        order=make_order(alice, customer, products=[product]),
        review=review_post(actor=None, customer=customer, product=product, rating=4, title="Ok"),
        shopping_list=shopping_list_create(
            actor=alice,
            customer=customer,
            name="Gifts",
            list_type="wish_list",
            items=[(product, 2)],
        ),
        case=make_case(erin, customer, subject="The grinder is noisy"),
        other_case=make_case(erin, customer, subject="The grinder is still noisy"),
        partner=partner_create(
            actor=personas["carol"],
            type="reseller",
            commission_rate=10,
            name="Channel Co",
            owner=alice,
        ).partner,
    )


@pytest.fixture(scope="module")
def matrix_db(django_db_setup, django_db_blocker):
    """The personas and the world, built once for the module in a transaction rolled back at
    its end. Each test's own changes (the POST rows) are rolled back after it by the `db`
    fixture's savepoint, so every test starts from this same world. Yields (world, persona
    name -> user id)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        transaction.atomic(),
    ):
        try:
            personas = make_personas()
            yield _build_world(personas), {name: user.pk for name, user in personas.items()}
        finally:
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Django's cache lives in the process, no rollback empties it: it holds the web form's
    rate limit, which the capture rows count against."""
    cache.clear()


@pytest.fixture
def world(matrix_db, db) -> World:
    return matrix_db[0]


@pytest.fixture
def personas(matrix_db, db) -> dict[str, User]:
    """Fresh user objects for each test: the access layer caches group membership and grant
    counts on a user object (`user._crm_groups`, ...), which would otherwise outlive the
    test. Requests load their user anew from the session anyway."""
    users = User.objects.in_bulk(matrix_db[1].values())
    return {name: users[pk] for name, pk in matrix_db[1].items()}


def _expect(**codes):
    """Expected codes per persona; unnamed signed-in personas default to `others`."""
    others = codes.pop("others")
    table = {p: codes.get(p, others) for p in PERSONAS}
    table["anonymous"] = codes.get("anonymous", 302)
    return table


EVERYONE = _expect(others=200)
# The owner and admin may act; teammates and the manager may only look; others don't see it.
OWNER_ONLY_PAGE = _expect(alice=200, admin=200, bob=403, carol=403, others=404)
OWNER_ONLY_POST = _expect(alice=302, admin=302, bob=403, carol=403, others=404)
VISIBLE_TO_TEAM = _expect(alice=200, bob=200, carol=200, admin=200, others=404)
CUSTOMER_VISIBLE = _expect(alice=200, bob=200, carol=200, admin=200, erin=200, others=404)
CUSTOMER_OWNER_PAGE = _expect(alice=200, admin=200, bob=403, carol=403, erin=403, others=404)
CUSTOMER_OWNER_POST = _expect(alice=302, admin=302, bob=403, carol=403, erin=403, others=404)
# carol manages alice's team: she may change its records (CRM_MANAGERS_CHANGE_TEAM_RECORDS),
# not share or disable them.
TEAM_CHANGE_PAGE = _expect(alice=200, carol=200, admin=200, bob=403, others=404)
TEAM_CHANGE_POST = _expect(alice=302, carol=302, admin=302, bob=403, others=404)
CUSTOMER_CHANGE_PAGE = dict(TEAM_CHANGE_PAGE, erin=403)
CUSTOMER_CHANGE_POST = dict(TEAM_CHANGE_POST, erin=403)
# erin (Customer Service) changes any customer's contact details, payment and consent.
CUSTOMER_CONTACT_PAGE = dict(TEAM_CHANGE_PAGE, erin=200)
CUSTOMER_CONTACT_POST = dict(TEAM_CHANGE_POST, erin=302)


class KindCodes(NamedTuple):
    look: dict  # the record's sub-pages (sharing, journey)
    page: dict  # the owner's pages and POSTs: sharing, disabling
    post: dict
    change_page: dict  # what changing the record needs (edit, employment)
    change_post: dict
    contact_page: dict  # contact details and consent
    contact_post: dict
    listed: dict  # the record's own page (mark lists customers: a reduced page)


# What each page kind answers.
KIND_CODES = {
    "contacts": KindCodes(
        VISIBLE_TO_TEAM,
        OWNER_ONLY_PAGE,
        OWNER_ONLY_POST,
        TEAM_CHANGE_PAGE,
        TEAM_CHANGE_POST,
        TEAM_CHANGE_PAGE,
        TEAM_CHANGE_POST,
        VISIBLE_TO_TEAM,
    ),
    "accounts": KindCodes(
        VISIBLE_TO_TEAM,
        OWNER_ONLY_PAGE,
        OWNER_ONLY_POST,
        TEAM_CHANGE_PAGE,
        TEAM_CHANGE_POST,
        TEAM_CHANGE_PAGE,
        TEAM_CHANGE_POST,
        VISIBLE_TO_TEAM,
    ),
    "customers": KindCodes(
        CUSTOMER_VISIBLE,
        CUSTOMER_OWNER_PAGE,
        CUSTOMER_OWNER_POST,
        CUSTOMER_CHANGE_PAGE,
        CUSTOMER_CHANGE_POST,
        CUSTOMER_CONTACT_PAGE,
        CUSTOMER_CONTACT_POST,
        dict(CUSTOMER_VISIBLE, mark=200),
    ),
    "leads": KindCodes(
        VISIBLE_TO_TEAM,
        OWNER_ONLY_PAGE,
        OWNER_ONLY_POST,
        TEAM_CHANGE_PAGE,
        TEAM_CHANGE_POST,
        TEAM_CHANGE_PAGE,
        TEAM_CHANGE_POST,
        VISIBLE_TO_TEAM,
    ),
}


def _party_rows(slug: str) -> list[Row]:
    """Every route under /<slug>/ for the page kind's record in the world."""
    codes = KIND_CODES[slug]
    look, post = codes.look, codes.post
    # carol manages alice's team, so she may hand the record to someone else.
    reassign = dict(post, carol=302)

    def url(suffix):
        return lambda w: f"/{slug}/{getattr(w, slug).party.pk}/{suffix}"

    def rec(w):
        return getattr(w, slug)

    return [
        Row(f"{slug} list", "get", lambda w: f"/{slug}/", None, EVERYONE),
        Row(f"{slug} new", "get", lambda w: f"/{slug}/new/", None, EVERYONE),
        Row(f"{slug} lookup", "get", lambda w: f"/{slug}/lookup/?q=glo", None, EVERYONE),
        Row(f"{slug} detail", "get", url(""), None, codes.listed),
        Row(f"{slug} edit", "get", url("edit/"), None, codes.change_page),
        Row(f"{slug} sharing", "get", url("sharing/"), None, look),
        *([Row(f"{slug} journey", "get", url("journey/"), None, look)] if slug != "leads" else []),
        Row(
            f"{slug} vcard",
            "get",
            url("vcard/"),
            None,
            look if slug in ("contacts", "leads") else _expect(others=404),
        ),
        Row(
            f"{slug} share",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "share", "user": p["dan"].pk, "access": "view"},
            post,
        ),
        Row(
            f"{slug} revoke",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "revoke", "user": p["bob"].pk, "access": "view"},
            post,
        ),
        Row(
            f"{slug} reassign",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "reassign", "owner": p["bob"].pk},
            reassign,
        ),
        Row(f"{slug} disable", "post", url("disable/"), None, post),
        Row(f"{slug} enable", "post", url("enable/"), None, post),
        Row(f"{slug} contact mech new", "get", url("contact-mechs/new/"), None, codes.contact_page),
        Row(
            f"{slug} contact mech edit",
            "get",
            lambda w: f"/{slug}/{rec(w).party.pk}/contact-mechs/{rec(w).pcm.pk}/edit/",
            None,
            codes.contact_page,
        ),
        Row(
            f"{slug} contact mech end",
            "post",
            lambda w: f"/{slug}/{rec(w).party.pk}/contact-mechs/{rec(w).pcm.pk}/end/",
            None,
            codes.contact_post,
        ),
        Row(f"{slug} employment new", "get", url("employment/new/"), None, codes.change_page),
        Row(
            f"{slug} relationship end",
            "post",
            lambda w: f"/{slug}/{rec(w).party.pk}/relationships/{rec(w).relationship.pk}/end/",
            None,
            codes.change_post,
        ),
        Row(
            f"{slug} consent",
            "post",
            url("consent/"),
            lambda w, p: {"purpose": ConsentPurpose.SMS, "granted": "1", "source": "PHONE"},
            codes.contact_post,
        ),
        *(
            [
                Row(f"{slug} payment", "get", url("payment/"), None, codes.contact_page),
                Row(
                    f"{slug} payment post",
                    "post",
                    url("payment/"),
                    lambda w, p: {
                        "payment_preference": "cash_on_delivery",
                        "version": w.customers.party.version,
                    },
                    codes.contact_post,
                ),
            ]
            if slug == "customers"
            else []
        ),
    ]


def _lead_rows() -> list[Row]:
    """The lead pages beyond the party sub-pages (those come from _party_rows("leads"))."""
    return [
        Row(
            "lead status",
            "post",
            lambda w: f"/leads/{w.leads.party.pk}/status/",
            lambda w, p: {"status": "QUALIFIED"},
            TEAM_CHANGE_POST,
        ),
        Row(
            "lead convert",
            "get",
            lambda w: f"/leads/{w.leads.party.pk}/convert/",
            None,
            TEAM_CHANGE_PAGE,
        ),
        Row(
            "lead convert post",
            "post",
            lambda w: f"/leads/{w.leads.party.pk}/convert/",
            lambda w, p: {"account_mode": "new", "account_name": "Initech"},
            TEAM_CHANGE_POST,
        ),
        Row("lead import vcard", "get", lambda w: "/leads/import/", None, EVERYONE),
        Row("lead import vcard preview", "post", lambda w: "/leads/import/", None, EVERYONE),
        Row(
            "lead under /contacts/",
            "get",
            lambda w: f"/contacts/{w.leads.party.pk}/",
            None,
            _expect(others=404),
        ),
        Row(
            "contact under /leads/",
            "get",
            lambda w: f"/leads/{w.contacts.party.pk}/",
            None,
            _expect(others=404),
        ),
    ]


def _campaign_rows() -> list[Row]:
    """Campaigns and lead sources are not record-guarded: the role groups' model permissions
    decide (Customer Service has none of them). The web form is public."""
    marketing_page = _expect(mark=200, admin=200, others=403)
    return [
        Row("campaigns list", "get", lambda w: "/campaigns/", None, _expect(erin=403, others=200)),
        Row("campaign new", "get", lambda w: "/campaigns/new/", None, marketing_page),
        Row(
            "campaign detail",
            "get",
            lambda w: f"/campaigns/{w.campaign.pk}/",
            None,
            _expect(erin=403, others=200),
        ),
        Row(
            "campaign edit",
            "get",
            lambda w: f"/campaigns/{w.campaign.pk}/edit/",
            None,
            marketing_page,
        ),
        Row(
            "campaign capture token",
            "post",
            lambda w: f"/campaigns/{w.campaign.pk}/capture-token/",
            None,
            _expect(mark=302, admin=302, others=403),
        ),
        Row(
            "unknown campaign",
            "get",
            lambda w: "/campaigns/987654321/",
            None,
            _expect(erin=403, others=404),
        ),
        Row(
            "capture form",
            "get",
            lambda w: f"/capture/{w.campaign.capture_token}/",
            None,
            _expect(anonymous=200, others=200),
        ),
        Row(
            "capture form post",
            "post",
            lambda w: f"/capture/{w.campaign.capture_token}/",
            lambda w, p: {"first_name": "Web", "last_name": "Visitor", "email": "v@example.com"},
            _expect(anonymous=200, others=200),
        ),
        Row(
            "capture unknown token",
            "get",
            lambda w: "/capture/no-such-token/",
            None,
            _expect(anonymous=404, others=404),
        ),
        Row(
            "lead sources list",
            "get",
            lambda w: "/lead-sources/",
            None,
            _expect(erin=403, others=200),
        ),
        Row(
            "lead source new",
            "get",
            lambda w: "/lead-sources/new/",
            None,
            _expect(admin=200, others=403),
        ),
        Row(
            "lead source edit",
            "get",
            lambda w: f"/lead-sources/{w.lead_source.pk}/edit/",
            None,
            _expect(admin=200, others=403),
        ),
    ]


def _contact_list_rows() -> list[Row]:
    """mark's list with alice's lead as a pending member (mark may not see the lead)."""
    marketing_page = _expect(mark=200, admin=200, others=403)
    marketing_post = _expect(mark=302, admin=302, others=403)

    def url(suffix=""):
        return lambda w: f"/contact-lists/{w.contact_list.pk}/{suffix}"

    def member_url(suffix):
        return lambda w: f"/contact-lists/{w.contact_list.pk}/members/{w.member.pk}/{suffix}"

    return [
        Row(
            "contact lists", "get", lambda w: "/contact-lists/", None, _expect(erin=403, others=200)
        ),
        Row("contact list new", "get", lambda w: "/contact-lists/new/", None, marketing_page),
        Row(
            "contact list create",
            "post",
            lambda w: "/contact-lists/new/",
            lambda w, p: {"name": "Matrix list", "list_type": "marketing", "channel": "email"},
            marketing_post,
        ),
        Row("contact list detail", "get", url(), None, _expect(erin=403, others=200)),
        Row(
            "contact list unknown",
            "get",
            lambda w: "/contact-lists/999999/",
            None,
            _expect(erin=403, others=404),
        ),
        Row("contact list edit", "get", url("edit/"), None, marketing_page),
        Row(
            "contact list update",
            "post",
            url("edit/"),
            lambda w, p: {"name": "Renamed", "list_type": "newsletter", "channel": "email"},
            marketing_post,
        ),
        Row("contact list member add page", "get", url("members/"), None, marketing_page),
        Row(
            "contact list member lookup",
            "get",
            lambda w: f"/contact-lists/{w.contact_list.pk}/members/?lookup=1&party=li",
            None,
            marketing_page,
        ),
        # The form is shown again: mark may not see the lead; for admin it is on the list.
        Row(
            "contact list member add",
            "post",
            url("members/"),
            lambda w, p: {"party": f"#{w.leads.party.pk}"},
            marketing_page,
        ),
        Row(
            "contact list member status",
            "post",
            member_url("status/"),
            lambda w, p: {"status": "rejected"},
            marketing_post,
        ),
        Row("contact list member remove", "post", member_url("remove/"), None, marketing_post),
        Row("contact list export", "get", url("export.csv"), None, _expect(erin=403, others=200)),
    ]


def _opportunity_rows() -> list[Row]:
    """alice's opportunity: the team sees it, carol (manager) may also change, reopen and
    reassign it (not share it)."""
    sales = _expect(erin=403, mark=403, others=200)

    def url(suffix=""):
        return lambda w: f"/opportunities/{w.opportunity.pk}/{suffix}"

    manager_post = dict(OWNER_ONLY_POST, carol=302)
    return [
        Row("opportunities list", "get", lambda w: "/opportunities/", None, EVERYONE),
        Row("opportunity new", "get", lambda w: "/opportunities/new/", None, sales),
        Row("opportunity detail", "get", url(), None, VISIBLE_TO_TEAM),
        Row("opportunity edit", "get", url("edit/"), None, TEAM_CHANGE_PAGE),
        Row(
            "opportunity close",
            "post",
            url("close/"),
            lambda w, p: {"outcome": "won", "reason": "Best price"},
            TEAM_CHANGE_POST,
        ),
        Row("opportunity reopen", "post", url("reopen/"), None, manager_post),
        Row("opportunity sharing", "get", url("sharing/"), None, VISIBLE_TO_TEAM),
        Row(
            "opportunity share",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "share", "user": p["dan"].pk, "access": "view"},
            OWNER_ONLY_POST,
        ),
        Row(
            "opportunity revoke",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "revoke", "user": p["bob"].pk, "access": "view"},
            OWNER_ONLY_POST,
        ),
        Row(
            "opportunity reassign",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "reassign", "owner": p["bob"].pk},
            manager_post,
        ),
        Row("pipeline", "get", lambda w: "/opportunities/pipeline/", None, EVERYONE),
        Row(
            "opportunity move",
            "post",
            url("move/"),
            lambda w, p: {"stage": OpportunityStage.objects.get(name="Proposal").pk},
            TEAM_CHANGE_POST,
        ),
        Row(
            "opportunity competitor add",
            "post",
            url("competitors/"),
            lambda w, p: {"competitor": f"#{make_account(p['alice'], name='Initrode').pk}"},
            TEAM_CHANGE_POST,
        ),
        Row(
            "opportunity competitor remove",
            "post",
            lambda w: (
                f"/opportunities/{w.opportunity.pk}/competitors/{w.competitor_row.pk}/remove/"
            ),
            None,
            TEAM_CHANGE_POST,
        ),
        Row(
            "opportunity contact role add",
            "post",
            url("contact-roles/"),
            lambda w, p: {"contact": f"#{w.contacts.party.pk}", "role": "influencer"},
            TEAM_CHANGE_POST,
        ),
        Row(
            "opportunity contact role remove",
            "post",
            lambda w: (
                f"/opportunities/{w.opportunity.pk}/contact-roles/{w.contact_role_row.pk}/remove/"
            ),
            None,
            TEAM_CHANGE_POST,
        ),
        Row(
            "unknown opportunity",
            "get",
            lambda w: "/opportunities/987654321/",
            None,
            _expect(others=404),
        ),
    ]


def _forecast_rows() -> list[Row]:
    """A rep sees their own forecasts, a manager the team's; quotas are the manager's."""
    return [
        Row(
            "forecasts",
            "get",
            lambda w: "/forecasts/",
            None,
            _expect(erin=403, mark=403, others=200),
        ),
        Row(
            "forecast detail",
            "get",
            lambda w: f"/forecasts/{w.forecast.pk}/",
            None,
            _expect(alice=200, carol=200, admin=200, erin=403, mark=403, others=404),
        ),
        Row(
            "forecast commit",
            "post",
            lambda w: f"/forecasts/{w.forecast.pk}/",
            lambda w, p: {"committed": "100"},
            _expect(alice=302, admin=302, carol=403, erin=403, mark=403, others=404),
        ),
        Row(
            "forecast quotas",
            "get",
            lambda w: "/forecasts/quotas/",
            None,
            _expect(carol=200, admin=200, others=403),
        ),
        Row(
            "forecast quota set",
            "post",
            lambda w: "/forecasts/quotas/",
            lambda w, p: {"owner": p["alice"].pk, "period": w.quarter.pk, "amount": "100"},
            _expect(carol=302, admin=302, others=403),
        ),
        Row(
            "unknown forecast",
            "get",
            lambda w: "/forecasts/987654321/",
            None,
            _expect(erin=403, mark=403, others=404),
        ),
    ]


def _event_rows() -> list[Row]:
    """alice's meeting is private to her (team access for events is private by default): bob
    sees it because he is invited, carol because she manages the team; only bob may answer."""
    seen = _expect(alice=200, bob=200, carol=200, admin=200, others=404)
    respond = _expect(bob=302, alice=403, carol=403, admin=403, others=404)
    managers = _expect(carol=200, admin=200, others=403)
    signed_in_post = _expect(others=302)

    def url(suffix):
        return lambda w: f"/events/{w.event.pk}/{suffix}"

    return [
        Row("events", "get", lambda w: "/events/", None, EVERYONE),
        Row("event new", "get", lambda w: "/events/new/?kind=call&log=1", None, EVERYONE),
        Row("event party lookup", "get", lambda w: "/events/party-lookup/?q=Sco", None, EVERYONE),
        Row("event detail", "get", url(""), None, seen),
        Row("unknown event", "get", lambda w: "/events/987654321/", None, _expect(others=404)),
        Row("event ics", "get", url("ics/"), None, seen),
        Row("event edit", "get", url("edit/"), None, OWNER_ONLY_PAGE),
        Row("event complete", "post", url("complete/"), None, OWNER_ONLY_POST),
        Row("event cancel", "post", url("cancel/"), None, OWNER_ONLY_POST),
        Row("event reopen", "post", url("reopen/"), None, OWNER_ONLY_POST),
        Row(
            "event respond", "post", url("respond/"), lambda w, p: {"response": "accepted"}, respond
        ),
        Row("event sharing", "get", url("sharing/"), None, seen),
        Row(
            "event share",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "share", "user": p["dan"].pk, "access": "view"},
            OWNER_ONLY_POST,
        ),
        Row(
            "event reassign",
            "post",
            url("sharing/"),
            lambda w, p: {"operation": "reassign", "owner": p["bob"].pk},
            dict(OWNER_ONLY_POST, carol=302),
        ),
        Row("my work", "get", lambda w: "/events/my-work/", None, EVERYONE),
        Row("calendar", "get", lambda w: "/events/calendar/", None, EVERYONE),
        Row("calendar week", "get", lambda w: "/events/calendar/?view=week", None, EVERYONE),
        Row("activity metrics", "get", lambda w: "/events/activity/", None, managers),
        # The feed's token is its credential: no sign-in, anyone holding it reads it.
        Row(
            "calendar feed",
            "get",
            lambda w: f"/events/feed/{w.feed_token}.ics",
            None,
            _expect(anonymous=200, others=200),
        ),
        Row(
            "calendar feed bad token",
            "get",
            lambda w: "/events/feed/not-a-token.ics",
            None,
            _expect(anonymous=404, others=404),
        ),
        Row("feed regenerate", "post", lambda w: "/events/feed/regenerate/", None, signed_in_post),
        Row("feed disable", "post", lambda w: "/events/feed/disable/", None, signed_in_post),
        Row("settings", "get", lambda w: "/settings/", None, EVERYONE),
    ]


def _commerce_rows() -> list[Row]:
    """Orders, reviews and shopping lists follow their customer (alice's, seen by her team and
    Customer Service); what one may do with them is the role's model permission: moving an
    order on is for managers, CSRs and administrators, moderating reviews for CSRs and
    administrators. Marketing has no order pages; everyone reads the catalogue."""
    catalogue = _expect(others=200)
    seen = _expect(alice=200, bob=200, carol=200, erin=200, admin=200, mark=403, others=404)
    moved_on = _expect(carol=302, erin=302, admin=302, alice=403, bob=403, mark=403, others=404)
    moderated = _expect(erin=302, admin=302, alice=403, bob=403, carol=403, others=404)
    ordered = _expect(alice=302, bob=302, carol=302, erin=302, admin=302, mark=403, others=404)
    return [
        Row("orders", "get", lambda w: "/orders/", None, _expect(mark=403, others=200)),
        Row(
            "order new",
            "get",
            lambda w: f"/orders/new/?customer={w.customers.party.pk}",
            None,
            seen,
        ),
        Row("order detail", "get", lambda w: f"/orders/{w.order.pk}/", None, seen),
        Row(
            "order approve",
            "post",
            lambda w: f"/orders/{w.order.pk}/status/",
            lambda w, p: {"status": "approved"},
            moved_on,
        ),
        Row(
            "unknown order",
            "get",
            lambda w: "/orders/987654321/",
            None,
            _expect(mark=403, others=404),
        ),
        Row("products", "get", lambda w: "/products/", None, catalogue),
        Row("product lookup", "get", lambda w: "/products/lookup/?q=ara", None, catalogue),
        Row("product detail", "get", lambda w: f"/products/{w.product.pk}/", None, catalogue),
        Row("reviews", "get", lambda w: "/reviews/", None, catalogue),
        Row(
            "review detail",
            "get",
            lambda w: f"/reviews/{w.review.pk}/",
            None,
            _expect(alice=200, bob=200, carol=200, erin=200, admin=200, others=404),
        ),
        Row(
            "review approve",
            "post",
            lambda w: f"/reviews/{w.review.pk}/moderate/",
            lambda w, p: {"decision": "approve"},
            moderated,
        ),
        Row(
            "shopping list",
            "get",
            lambda w: f"/shopping-lists/{w.shopping_list.pk}/",
            None,
            seen,
        ),
        Row(
            "order from shopping list",
            "post",
            lambda w: f"/shopping-lists/{w.shopping_list.pk}/order/",
            None,
            ordered,
        ),
    ]


def _partner_rows() -> list[Row]:
    """Partners are shared business records: every role reads them (what their pages add up is
    only what the viewer may see); sales managers, the channel manager and administrators
    make, change and end them."""
    partner = lambda w: f"/partners/{w.partner.pk}/"  # noqa: E731
    return [
        Row("partners", "get", lambda w: "/partners/", None, EVERYONE),
        Row(
            "partner new",
            "get",
            lambda w: "/partners/new/",
            None,
            _expect(carol=200, admin=200, others=403),
        ),
        Row("partner detail", "get", partner, None, EVERYONE),
        Row(
            "partner edit",
            "get",
            lambda w: f"{partner(w)}edit/",
            None,
            _expect(alice=200, carol=200, admin=200, others=403),
        ),
        Row(
            "partner end",
            "post",
            lambda w: f"{partner(w)}end/",
            lambda w, p: {"thru_date": datetime.date.today().isoformat()},
            _expect(alice=302, carol=302, admin=302, others=403),
        ),
        Row(
            "not a partner",
            "get",
            lambda w: f"/partners/{w.accounts.party.pk}/",
            None,
            _expect(others=404),
        ),
    ]


def _support_rows() -> list[Row]:
    """Cases follow their customer (alice's, seen by her team and Customer Service) or a share;
    Customer Service works them, whoever sees one may add an internal note; the queue is for
    those who work cases, the figures for managers and administrators. Marketing has no case
    pages."""
    seen = _expect(alice=200, bob=200, carol=200, erin=200, admin=200, mark=403, others=404)
    noted = _expect(alice=302, bob=302, carol=302, erin=302, admin=302, mark=403, others=404)
    worked_page = _expect(erin=200, admin=200, alice=403, bob=403, carol=403, mark=403, others=404)
    worked = _expect(erin=302, admin=302, alice=403, bob=403, carol=403, mark=403, others=404)
    case = lambda w: f"/cases/{w.case.pk}/"  # noqa: E731
    return [
        Row("cases", "get", lambda w: "/cases/", None, _expect(mark=403, others=200)),
        Row(
            "case new",
            "get",
            lambda w: f"/cases/new/?customer={w.customers.party.pk}",
            None,
            _expect(erin=200, admin=200, others=403),
        ),
        Row("case detail", "get", case, None, seen),
        Row("case edit", "get", lambda w: f"{case(w)}edit/", None, worked_page),
        Row("case sharing", "get", lambda w: f"{case(w)}sharing/", None, seen),
        Row(
            "case note",
            "post",
            lambda w: f"{case(w)}notes/",
            lambda w, p: {"body": "Called back, no answer."},
            noted,
        ),
        Row(
            "case event",
            "post",
            lambda w: f"{case(w)}events/",
            lambda w, p: {"kind": "call", "subject": "Called the customer"},
            worked,
        ),
        Row(
            "case take",
            "post",
            lambda w: f"{case(w)}assign/",
            lambda w, p: {"take": "1"},
            worked,
        ),
        Row(
            "case cancel",
            "post",
            lambda w: f"{case(w)}status/",
            lambda w, p: {"status": "cancelled", "note": "Opened twice"},
            worked,
        ),
        Row(
            "case merge",
            "post",
            lambda w: f"{case(w)}merge/",
            lambda w, p: {"into": w.other_case.number},
            worked,
        ),
        Row(
            "unknown case",
            "get",
            lambda w: "/cases/987654321/",
            None,
            _expect(mark=403, others=404),
        ),
        Row(
            "case queue",
            "get",
            lambda w: "/cases/queue/",
            None,
            _expect(erin=200, admin=200, others=403),
        ),
        Row(
            "case figures",
            "get",
            lambda w: "/cases/figures/",
            None,
            _expect(carol=200, admin=200, others=403),
        ),
    ]


def _alice_notification_url(w: World) -> str:
    """The open URL of a notification of alice's (made in the test's rolled-back transaction:
    the world holds none)."""
    from crm.models import Notification

    note, _ = Notification.objects.get_or_create(
        recipient=w.opportunity.owner,
        dedupe_key="matrix",
        defaults={"kind": "shared", "text": "Shared with you", "url": "/"},
    )
    return reverse("notification_open", args=[note.pk])


def _notification_rows() -> list[Row]:
    """Everyone signed in has their own notifications and settings; another's is 404."""
    every_post = _expect(others=302)
    return [
        Row("notifications", "get", lambda w: "/notifications/", None, EVERYONE),
        Row("notification count", "get", lambda w: "/notifications/count/", None, EVERYONE),
        Row(
            "notifications read all", "post", lambda w: "/notifications/read-all/", None, every_post
        ),
        Row(
            "notification open",
            "post",
            _alice_notification_url,
            None,
            _expect(alice=302, others=404),
        ),
        Row("notification settings", "get", lambda w: "/settings/notifications/", None, EVERYONE),
        Row(
            "notification settings save",
            "post",
            lambda w: "/settings/notifications/",
            lambda w, p: {"in_app_shared": "on", "digest_mention": "on"},
            every_post,
        ),
    ]


def _alice_session_end_url(w: World) -> str:
    """The admin's "End session" page for a session of alice's (made here: the world's
    personas sign in with force_login per test)."""
    from crm.models import UserSession

    session, _ = UserSession.objects.get_or_create(
        session_key="matrix-session", defaults={"user": w.opportunity.owner}
    )
    return reverse("admin:crm_usersession_end", args=[session.pk])


def _account_rows() -> list[Row]:
    """Users help themselves: every signed-in user has their own password and sessions; the
    reset pages are for everyone, signed in or not (the same answer for any address)."""
    all_200 = _expect(anonymous=200, others=200)
    return [
        Row("password change", "get", lambda w: "/settings/password/", None, EVERYONE),
        Row(
            "password change refused",
            "post",
            lambda w: "/settings/password/",
            lambda w, p: {"old_password": "wrong", "new_password1": "", "new_password2": ""},
            _expect(others=200),
        ),
        Row(
            "sign out other sessions",
            "post",
            lambda w: "/settings/sessions/sign-out-others/",
            None,
            _expect(others=302),
        ),
        Row("password reset", "get", lambda w: "/password-reset/", None, all_200),
        Row(
            "password reset send",
            "post",
            lambda w: "/password-reset/",
            lambda w, p: {"email": "nobody@example.com"},
            _expect(anonymous=302, others=302),
        ),
        Row("password reset sent", "get", lambda w: "/password-reset/sent/", None, all_200),
        Row(
            "password reset link invalid",
            "get",
            lambda w: "/password-reset/MQ/not-a-token/",
            None,
            all_200,
        ),
        Row("password reset done", "get", lambda w: "/password-reset/done/", None, all_200),
        Row(
            "admin end session",
            "get",
            _alice_session_end_url,
            None,
            _expect(admin=200, others=302),
        ),
    ]


def _alice_job_url(suffix: str = ""):
    """A URL of a queued job of alice's (made in the test's rolled-back transaction: the
    world holds none)."""

    def url(w: World) -> str:
        from crm.models import Job

        job, _ = Job.objects.get_or_create(
            created_by=w.opportunity.owner, kind="matrix", defaults={"label": "Matrix job"}
        )
        return f"/jobs/{job.pk}/{suffix}"

    return url


def _job_rows() -> list[Row]:
    """Everyone signed in has their own background jobs; another's is 404 (the admin sees
    everyone's)."""
    own_page = _expect(alice=200, admin=200, others=404)
    return [
        Row("jobs", "get", lambda w: "/jobs/", None, EVERYONE),
        Row("jobs all", "get", lambda w: "/jobs/?scope=all", None, EVERYONE),
        Row("job detail", "get", _alice_job_url(), None, own_page),
        Row("job progress", "get", _alice_job_url("progress/"), None, own_page),
        Row(
            "job cancel",
            "post",
            _alice_job_url("cancel/"),
            None,
            _expect(alice=302, admin=302, others=404),
        ),
    ]


def _notes_rows() -> list[Row]:
    """Notes and files on alice's contact (and a file on her customer, which erin sees):
    whoever sees the record reads and adds them; the author edits and deletes her note, the
    uploader her file; pinning is for who may change the record; the rest get 404."""
    from notes.models import Attachment, Note
    from notes.services import note_add
    from tests.notes.files import PDF, upload

    look, pin = KIND_CODES["contacts"].look, KIND_CODES["contacts"].change_post
    add = {p: (302 if code == 200 else code) for p, code in look.items()}
    # alice wrote the note and uploaded the file: she and administrators edit or delete them.
    page = _expect(alice=200, admin=200, bob=403, carol=403, others=404)
    post = _expect(alice=302, admin=302, bob=403, carol=403, others=404)

    def note(w):
        found = Note.objects.filter(object_id=w.contacts.party.pk, body="Matrix note").first()
        owner = w.contacts.party.owner
        return found or note_add(actor=owner, record=w.contacts.party, body="Matrix note")[0]

    def attachment(w, slug="contacts"):
        party = getattr(w, slug).party
        found = Attachment.objects.filter(object_id=party.pk, original_name="matrix.pdf").first()
        return (
            found or note_add(actor=party.owner, record=party, upload=upload("matrix.pdf", PDF))[1]
        )

    def record(slug="contact"):
        return lambda w: f"record={slug}:{getattr(w, slug + 's').party.pk}"

    return [
        Row("note new", "get", lambda w: f"/notes/new/?{record()(w)}", None, look),
        Row(
            "note add",
            "post",
            lambda w: f"/notes/new/?{record()(w)}",
            lambda w, p: {"body": "Hello"},
            add,
        ),
        Row("notes of a record", "get", lambda w: f"/notes/?{record()(w)}", None, look),
        Row("note edit", "get", lambda w: f"/notes/{note(w).pk}/edit/", None, page),
        Row("note delete", "post", lambda w: f"/notes/{note(w).pk}/delete/", None, post),
        Row(
            "note pin",
            "post",
            lambda w: f"/notes/{note(w).pk}/pin/",
            lambda w, p: {"pinned": "1"},
            pin,
        ),
        Row("file download", "get", lambda w: f"/files/{attachment(w).pk}/", None, look),
        Row(
            "customer file download",
            "get",
            lambda w: f"/files/{attachment(w, 'customers').pk}/",
            None,
            KIND_CODES["customers"].look,
        ),
        Row("file delete", "post", lambda w: f"/files/{attachment(w).pk}/delete/", None, post),
        Row("unknown file", "get", lambda w: "/files/987654321/", None, _expect(others=404)),
    ]


def _matrix_tag(record, link_model, field: str):
    """A tag on the record, made when a row's URL is built (inside the test's transaction)."""
    from parties.models import Tag

    tag, _ = Tag.objects.get_or_create(name="Matrix tag")
    link_model.objects.get_or_create(**{field: record, "tag": tag})
    return tag


def _matrix_view():
    """alice's saved view of the contacts, shared with her team (bob, carol)."""
    from crm.models import SavedView

    view, _ = SavedView.objects.get_or_create(
        owner=User.objects.get(username="alice"),
        list_key="contacts:list",
        name="Matrix view",
        defaults={"query": "scope=mine", "shared": True},
    )
    return view


def _lists_rows() -> list[Row]:
    """Tags: whoever may change a record tags it (and untags it); everyone gets suggestions.
    Saved views: alice's view shared with her team is opened and made a default by her team,
    deleted by her only, and is 404 for everyone else; everyone saves their own."""
    from opportunities.models import OpportunityTag
    from parties.models import PartyTag

    rows = [Row("tags suggest", "get", lambda w: "/tags/suggest/?q=ma", None, EVERYONE)]
    for slug, codes in KIND_CODES.items():
        rows += [
            Row(
                f"{slug} tag add",
                "post",
                lambda w, slug=slug: f"/{slug}/{getattr(w, slug).party.pk}/tags/",
                lambda w, p: {"name": "Matrix tag"},
                codes.change_post,
            ),
            Row(
                f"{slug} tag remove",
                "post",
                lambda w, slug=slug: (
                    f"/{slug}/{getattr(w, slug).party.pk}/tags/"
                    f"{_matrix_tag(getattr(w, slug).party, PartyTag, 'party').pk}/remove/"
                ),
                None,
                codes.change_post,
            ),
        ]
    rows += [
        Row(
            "opportunity tag add",
            "post",
            lambda w: f"/opportunities/{w.opportunity.pk}/tags/",
            lambda w, p: {"name": "Matrix tag"},
            TEAM_CHANGE_POST,
        ),
        Row(
            "opportunity tag remove",
            "post",
            lambda w: (
                f"/opportunities/{w.opportunity.pk}/tags/"
                f"{_matrix_tag(w.opportunity, OpportunityTag, 'opportunity').pk}/remove/"
            ),
            None,
            TEAM_CHANGE_POST,
        ),
    ]
    team = _expect(alice=302, bob=302, carol=302, others=404)
    rows += [
        Row(
            "saved view save",
            "post",
            lambda w: "/views/save/",
            lambda w, p: {"list_key": "contacts:list", "name": "Mine", "query": "scope=mine"},
            _expect(others=302),
        ),
        Row("saved view open", "get", lambda w: f"/views/{_matrix_view().pk}/", None, team),
        Row(
            "saved view default",
            "post",
            lambda w: f"/views/{_matrix_view().pk}/default/",
            None,
            team,
        ),
        Row(
            "saved view delete",
            "post",
            lambda w: f"/views/{_matrix_view().pk}/delete/",
            None,
            _expect(alice=302, bob=403, carol=403, others=404),
        ),
    ]
    return rows


def _bulk_rows() -> list[Row]:
    """Bulk actions: everyone who opens a list may post its bulk form (an export of what they
    see, a confirmation page naming how many rows); the selection is narrowed to what they may
    see and change, so nobody gets a 403 or 404 for the rows. Inline edit (without htmx the
    inline URL sends to the edit page) follows the edit page's and the reassign rule."""
    rows = []
    for slug in KIND_CODES:
        rows += [
            Row(
                f"{slug} bulk export",
                "post",
                lambda w, slug=slug: f"/{slug}/bulk/",
                lambda w, p, slug=slug: {"action": "export", "ids": [getattr(w, slug).party.pk]},
                EVERYONE,
            ),
            Row(
                f"{slug} bulk confirm",
                "post",
                lambda w, slug=slug: f"/{slug}/bulk/",
                lambda w, p, slug=slug: {"action": "disable", "ids": [getattr(w, slug).party.pk]},
                EVERYONE,
            ),
        ]
    rows += [
        Row(
            "opportunities bulk export",
            "post",
            lambda w: "/opportunities/bulk/",
            lambda w, p: {"action": "export", "all": "1"},
            EVERYONE,
        ),
        Row(
            "opportunity inline stage",
            "get",
            lambda w: f"/opportunities/{w.opportunity.pk}/inline/stage/",
            None,
            TEAM_CHANGE_POST,
        ),
        Row(
            "opportunity inline owner",
            "get",
            lambda w: f"/opportunities/{w.opportunity.pk}/inline/owner/",
            None,
            TEAM_CHANGE_POST,
        ),
        Row(
            "lead inline status",
            "get",
            lambda w: f"/leads/{w.leads.party.pk}/inline/status/",
            None,
            KIND_CODES["leads"].change_post,
        ),
    ]
    return rows


def _bulk_events_rows() -> list[Row]:
    """Bulk actions on the events, campaigns, contact lists and partners lists: whoever opens
    a list may post its bulk form (the selection is narrowed to what they may change); the
    campaigns' owner change is Marketing's, as their edit page. Inline edit of an event's
    status follows its edit page, of its owner the reassign rule (carol manages alice)."""
    lists = _expect(erin=403, others=200)
    return [
        Row(
            "events bulk export",
            "post",
            lambda w: "/events/bulk/",
            lambda w, p: {"action": "export", "ids": [w.event.pk]},
            EVERYONE,
        ),
        Row(
            "events bulk confirm",
            "post",
            lambda w: "/events/bulk/",
            lambda w, p: {"action": "complete", "ids": [w.event.pk]},
            EVERYONE,
        ),
        Row(
            "event inline status",
            "get",
            lambda w: f"/events/{w.event.pk}/inline/status/",
            None,
            OWNER_ONLY_POST,
        ),
        Row(
            "event inline owner",
            "get",
            lambda w: f"/events/{w.event.pk}/inline/owner/",
            None,
            dict(OWNER_ONLY_POST, carol=302),
        ),
        Row(
            "campaigns bulk export",
            "post",
            lambda w: "/campaigns/bulk/",
            lambda w, p: {"action": "export", "ids": [w.campaign.pk]},
            lists,
        ),
        Row(
            "campaigns bulk owner",
            "post",
            lambda w: "/campaigns/bulk/",
            lambda w, p: {"action": "owner", "ids": [w.campaign.pk]},
            _expect(mark=200, admin=200, others=403),
        ),
        Row(
            "contact lists bulk export",
            "post",
            lambda w: "/contact-lists/bulk/",
            lambda w, p: {"action": "export", "ids": [w.contact_list.pk]},
            lists,
        ),
        Row(
            "partners bulk export",
            "post",
            lambda w: "/partners/bulk/",
            lambda w, p: {"action": "export", "ids": [w.partner.pk]},
            EVERYONE,
        ),
        Row(
            "partners bulk owner",
            "post",
            lambda w: "/partners/bulk/",
            lambda w, p: {"action": "owner", "ids": [w.partner.pk]},
            EVERYONE,
        ),
    ]


def _event_pickers_rows() -> list[Row]:
    """The event form's colleague picker: any staff user may look colleagues up (as the
    Sharing page lists them); a pick answers the list row."""
    return [
        Row("event user lookup", "get", lambda w: "/events/user-lookup/?q=bo", None, EVERYONE),
        Row(
            "event user pick",
            "get",
            lambda w: "/events/user-lookup/?add_users=Bob+(bob)",
            None,
            EVERYONE,
        ),
    ]


def _people_lookup_rows() -> list[Row]:
    """The colleague pickers' suggestions: any staff user may look colleagues up (their names
    are on every Sharing page); the anonymous are sent to sign in."""
    return [
        Row("people lookup", "get", lambda w: "/people/lookup/?q=bo", None, EVERYONE),
        Row("people lookup by field", "get", lambda w: "/people/lookup/?owner=al", None, EVERYONE),
    ]


def _bulk_support_rows() -> list[Row]:
    """The cases list's bulk form: whoever has the case pages may export what they see;
    assigning is offered to case workers, managers and administrators (the selection is then
    narrowed to the cases they may hand on); changing status or priority to those who work
    cases only. Inline
    edit (without htmx: to the case's page) follows the case page's rules."""
    worked_page = _expect(erin=200, admin=200, others=403)
    worked = _expect(erin=302, admin=302, alice=403, bob=403, carol=403, mark=403, others=404)
    case_ids = lambda w, p, action: {"action": action, "ids": [w.case.pk]}  # noqa: E731
    return [
        Row(
            "cases bulk export",
            "post",
            lambda w: "/cases/bulk/",
            lambda w, p: case_ids(w, p, "export"),
            _expect(mark=403, others=200),
        ),
        Row(
            "cases bulk assign confirm",
            "post",
            lambda w: "/cases/bulk/",
            lambda w, p: case_ids(w, p, "assign"),
            _expect(carol=200, erin=200, admin=200, others=403),
        ),
        Row(
            "cases bulk status confirm",
            "post",
            lambda w: "/cases/bulk/",
            lambda w, p: case_ids(w, p, "status"),
            worked_page,
        ),
        Row(
            "case inline status",
            "get",
            lambda w: f"/cases/{w.case.pk}/inline/status/",
            None,
            worked,
        ),
        Row(
            "case inline owner",
            "get",
            lambda w: f"/cases/{w.case.pk}/inline/owner/",
            None,
            worked,
        ),
    ]


def _bulk_commerce_rows() -> list[Row]:
    """The orders, reviews and products lists' bulk forms: an export of what the user may see
    for whoever opens the list; moving orders on for managers, CSRs and administrators,
    moderating for CSRs and administrators (the model permissions of their pages)."""
    return [
        Row(
            "orders bulk export",
            "post",
            lambda w: "/orders/bulk/",
            lambda w, p: {"action": "export", "all": "1"},
            _expect(mark=403, others=200),
        ),
        Row(
            "orders bulk status confirm",
            "post",
            lambda w: "/orders/bulk/",
            lambda w, p: {"action": "status", "ids": [w.order.pk]},
            _expect(carol=200, erin=200, admin=200, others=403),
        ),
        Row(
            "reviews bulk export",
            "post",
            lambda w: "/reviews/bulk/",
            lambda w, p: {"action": "export", "all": "1"},
            EVERYONE,
        ),
        Row(
            "reviews bulk approve confirm",
            "post",
            lambda w: "/reviews/bulk/",
            lambda w, p: {"action": "approve", "ids": [w.review.pk]},
            _expect(erin=200, admin=200, others=403),
        ),
        Row(
            "products bulk export",
            "post",
            lambda w: "/products/bulk/",
            lambda w, p: {"action": "export", "all": "1"},
            EVERYONE,
        ),
    ]


def _rows() -> list[Row]:
    rows = [
        Row("dashboard", "get", lambda w: "/", None, EVERYONE),
        Row("search", "get", lambda w: "/search/?q=Scorpio", None, EVERYONE),
        Row("quick search", "get", lambda w: "/search/quick/?q=Scorpio", None, EVERYONE),
    ]
    for slug in KIND_CODES:
        rows += _party_rows(slug)
    rows += _lead_rows() + _campaign_rows() + _contact_list_rows() + _opportunity_rows()
    rows += _forecast_rows() + _event_rows() + _commerce_rows() + _support_rows()
    rows += _event_pickers_rows()
    rows += _people_lookup_rows()
    rows += _partner_rows()
    rows += _notes_rows()
    rows += _notification_rows()
    rows += _job_rows()
    rows += _account_rows()
    rows += _lists_rows()
    rows += _bulk_rows()
    rows += _bulk_support_rows() + _bulk_commerce_rows()
    rows += _bulk_events_rows()
    nobody = _expect(others=404)
    rows += [
        # A record is only found under its own kind's pages, for everyone.
        Row(
            "customer under /contacts/",
            "get",
            lambda w: f"/contacts/{w.customers.party.pk}/",
            None,
            nobody,
        ),
        Row(
            "account under /contacts/",
            "get",
            lambda w: f"/contacts/{w.accounts.party.pk}/",
            None,
            nobody,
        ),
        Row(
            "contact under /accounts/",
            "get",
            lambda w: f"/accounts/{w.contacts.party.pk}/",
            None,
            nobody,
        ),
        Row("unknown id", "get", lambda w: "/contacts/987654321/", None, nobody),
        Row(
            "admin index",
            "get",
            lambda w: reverse("admin:index"),
            None,
            _expect(admin=200, others=302),
        ),
        Row(
            "admin party change",
            "get",
            lambda w: reverse("admin:parties_party_change", args=[w.contacts.party.pk]),
            None,
            _expect(admin=200, others=302),
        ),
        Row(
            "admin party object permissions",
            "get",
            lambda w: reverse("admin:parties_party_permissions", args=[w.contacts.party.pk]),
            None,
            _expect(admin=200, others=302),
        ),
        Row("health check", "get", lambda w: "/healthz/", None, _expect(anonymous=200, others=200)),
        # Signed-in users are sent on from the sign-in page; signing out is a POST for all.
        Row("sign in", "get", lambda w: "/login/", None, _expect(anonymous=200, others=302)),
        Row("sign out", "post", lambda w: "/logout/", None, _expect(anonymous=302, others=302)),
    ]
    return rows


ROWS = _rows()
GET_ROWS = [row for row in ROWS if row.method == "get"]
# A POST changes the record, so each persona's POST is a test of its own (rolled back after).
POST_CASES = [(row, persona) for row in ROWS if row.method == "post" for persona in PERSONAS]


def _status(client, personas, world, row: Row, persona: str) -> int:
    client.logout()
    if persona != "anonymous":
        client.force_login(personas[persona])
    url = row.url(world)
    if row.method == "post":
        return client.post(url, row.data(world, personas) if row.data else {}).status_code
    return client.get(url).status_code


@pytest.mark.parametrize("row", GET_ROWS, ids=[row.name for row in GET_ROWS])
def test_get_permission_matrix(row, world, personas, client):
    actual = {persona: _status(client, personas, world, row, persona) for persona in PERSONAS}
    assert actual == row.expected


@pytest.mark.parametrize(
    ("row", "persona"), POST_CASES, ids=[f"{row.name}-{persona}" for row, persona in POST_CASES]
)
def test_post_permission_matrix(row, persona, world, personas, client):
    assert _status(client, personas, world, row, persona) == row.expected[persona]


def _named_routes(patterns, namespace=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            if str(pattern.pattern).startswith("admin/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_has_a_row_in_the_matrix(world):
    """A new URL must get a row above: every named route (the admin aside, which has its own
    rows) must be what some row's URL resolves to."""
    from django.urls import get_resolver, resolve

    in_matrix = {resolve(row.url(world).split("?")[0]).view_name for row in ROWS}
    routes = set(_named_routes(get_resolver().url_patterns))
    assert routes - in_matrix == set()
