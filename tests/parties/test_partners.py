"""Partners: the agreement services and their bad input, the partner pages per role, the
terms history, the partner page's panels (leads, deals, customers, figures) over what the
viewer may see, and the query counts of the list and the page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forecasts.models import ExchangeRate
from forecasts.panels import current_periods, partner_figures
from opportunities import services as opportunity_services
from opportunities.models import Opportunity
from parties import services
from parties.models import Partnership, PartnerType, Party, PartyRole, RoleType
from parties.selectors import partner_for_page
from tests.factories import make_account, make_contact, make_lead, make_opportunity
from tests.helpers import assert_flat_queries, field_error

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_partner(actor, *, name="Channel Co", rate="10.00", owner=None, **fields):
    fields.setdefault("type", PartnerType.RESELLER)
    return services.partner_create(
        actor=actor, name=name, commission_rate=Decimal(rate), owner=owner or actor, **fields
    )


def _won(deal, day: datetime.date):
    """Close `deal` as won and date it `day` (closing dates it today)."""
    opportunity_services.opportunity_close(
        actor=deal.owner, opportunity=deal, won=True, reason="Signed"
    )
    Opportunity.objects.filter(pk=deal.pk).update(expected_close_date=day)


@pytest.fixture
def partner(carol, alice):
    """Channel Co: a reseller at 10 %, managed by alice (a rep), made by carol."""
    return make_partner(carol, owner=alice).partner


# Services ------------------------------------------------------------------------------------


def test_partner_create_makes_a_new_account_a_current_partner(carol):
    terms = make_partner(carol, rate="12.50")
    party = terms.partner
    assert party.kind == "organization"
    roles = set(PartyRole.objects.filter(party=party).values_list("role", flat=True))
    assert roles == {RoleType.ACCOUNT, RoleType.PARTNER}  # its page as an account: contacts
    assert terms.is_current and terms.commission_rate == Decimal("12.50")
    assert terms.owner == carol and terms.created_by == carol


def test_partner_create_from_an_existing_account_keeps_its_roles(carol):
    account = make_account(carol, name="Acme Resale")
    services.partner_create(
        actor=carol,
        organization=account,
        type=PartnerType.DISTRIBUTOR,
        commission_rate=Decimal(5),
    )
    roles = set(PartyRole.objects.filter(party=account).values_list("role", flat=True))
    assert roles == {RoleType.ACCOUNT, RoleType.PARTNER}


@pytest.mark.parametrize("rate", ["-0.01", "100.01", "250"])
def test_commission_outside_0_to_100_is_refused_and_nothing_saved(carol, rate):
    with pytest.raises(ValidationError) as exc:
        make_partner(carol, rate=rate)
    assert "commission_rate" in exc.value.error_dict
    assert not Party.objects.filter(name="Channel Co").exists()
    assert not Partnership.objects.exists()


def test_an_agreement_ending_before_it_starts_is_refused(carol):
    with pytest.raises(ValidationError) as exc:
        make_partner(carol, from_date=TODAY, thru_date=TODAY - datetime.timedelta(days=1))
    assert "thru_date" in exc.value.error_dict
    assert not Partnership.objects.exists()


def test_a_person_cannot_be_a_partner(carol):
    person = make_contact(carol, first_name="Pat", last_name="Person")
    with pytest.raises(ValidationError) as exc:
        services.partner_create(
            actor=carol, organization=person, type=PartnerType.REFERRAL, commission_rate=5
        )
    assert "organization" in exc.value.error_dict
    assert not PartyRole.objects.filter(party=person, role=RoleType.PARTNER).exists()


def test_a_current_partner_cannot_get_a_second_current_agreement(carol, partner):
    with pytest.raises(ValidationError) as exc:
        services.partner_create(
            actor=carol, organization=partner, type=PartnerType.AFFILIATE, commission_rate=3
        )
    assert "already a current partner" in exc.value.message_dict["organization"][0]
    assert Partnership.objects.filter(partner=partner).count() == 1


def test_the_database_holds_at_most_one_current_agreement_per_partner(carol, partner):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(
            partner=partner, type=PartnerType.REFERRAL, owner=carol, commission_rate=1
        )


def test_ending_keeps_the_history_and_a_later_agreement_is_a_new_row(carol, alice, partner):
    first = partner.partnerships.get()
    services.partnership_end(actor=alice, partnership=first, thru_date=TODAY)
    first.refresh_from_db()
    assert first.thru_date == TODAY and not first.is_current
    second = services.partner_create(
        actor=carol, organization=partner, type=PartnerType.REFERRAL, commission_rate=7
    )
    terms = list(Partnership.objects.filter(partner=partner).order_by("id"))
    assert terms == [first, second]
    assert terms[0].commission_rate == Decimal("10.00") and terms[0].thru_date == TODAY
    assert second.is_current


def test_an_agreement_overlapping_an_earlier_one_is_refused(carol, partner):
    first = partner.partnerships.get()
    Partnership.objects.filter(pk=first.pk).update(from_date=TODAY - datetime.timedelta(days=60))
    first.refresh_from_db()
    services.partnership_end(
        actor=carol, partnership=first, thru_date=TODAY - datetime.timedelta(days=10)
    )
    with pytest.raises(ValidationError) as exc:
        services.partner_create(
            actor=carol,
            organization=partner,
            type=PartnerType.REFERRAL,
            commission_rate=7,
            from_date=TODAY - datetime.timedelta(days=20),
        )
    assert "from_date" in exc.value.error_dict


def test_only_managers_the_channel_manager_and_admins_change_the_terms(
    partner, alice, bob, carol, admin_user
):
    terms = partner.partnerships.get()
    with pytest.raises(PermissionDenied):
        services.partnership_end(actor=bob, partnership=terms)
    for actor in (alice, carol, admin_user):
        terms = services.partnership_update(
            actor=actor,
            partnership=terms,
            expected_version=terms.version,
            type=PartnerType.DISTRIBUTOR,
            owner=alice,
            commission_rate=Decimal("11"),
            from_date=terms.from_date,
        )
    assert terms.version == 4 and terms.type == PartnerType.DISTRIBUTOR


def test_a_rep_cannot_create_a_partner(alice):
    with pytest.raises(PermissionDenied):
        make_partner(alice)


# Pages per role ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [("alice", 200), ("bob", 200), ("carol", 200), ("dan", 200), ("erin", 200), ("mark", 200)],
)
def test_every_staff_role_opens_the_list_and_the_page(client_for, personas, partner, who, expected):
    client = client_for(personas[who])
    assert client.get(reverse("partners:list")).status_code == expected
    assert client.get(reverse("partners:detail", args=[partner.pk])).status_code == expected


def test_anonymous_is_sent_to_sign_in(client, partner):
    response = client.get(reverse("partners:detail", args=[partner.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "who, create, edit",
    [
        ("alice", 403, 200),  # the channel manager
        ("bob", 403, 403),
        ("carol", 200, 200),
        ("dan", 403, 403),
        ("erin", 403, 403),
        ("mark", 403, 403),
        ("admin", 200, 200),
    ],
)
def test_who_creates_and_edits(client_for, personas, partner, who, create, edit):
    client = client_for(personas[who])
    assert client.get(reverse("partners:new")).status_code == create
    assert client.get(reverse("partners:edit", args=[partner.pk])).status_code == edit


@pytest.mark.parametrize("who, expected", [("bob", 403), ("dan", 403), ("erin", 403)])
def test_ending_is_refused_to_others(client_for, personas, partner, who, expected):
    response = client_for(personas[who]).post(
        reverse("partners:end", args=[partner.pk]), {"thru_date": TODAY.isoformat()}
    )
    assert response.status_code == expected
    assert partner.partnerships.get().is_current


def test_an_id_that_is_no_partner_is_404(client_for, carol, partner):
    account = make_account(carol)
    client = client_for(carol)
    for pk in (account.pk, 99999999, "99999999999999999999999"):
        assert client.get(f"/partners/{pk}/").status_code == 404
    assert client.get(reverse("partners:edit", args=[account.pk])).status_code == 404
    assert client.post(reverse("partners:end", args=[account.pk])).status_code == 404


def test_end_is_post_only(client_for, carol, partner):
    assert client_for(carol).get(reverse("partners:end", args=[partner.pk])).status_code == 405


# The forms -----------------------------------------------------------------------------------


def _create_data(**overrides):
    data = {
        "organization_mode": "new",
        "name": "Brand New Partner",
        "type": PartnerType.REFERRAL,
        "commission_rate": "8.5",
        "from_date": TODAY.isoformat(),
        "thru_date": "",
    }
    data.update(overrides)
    return data


def test_the_new_partner_form_creates_one(client_for, carol):
    data = _create_data(owner=carol.pk)
    response = client_for(carol).post(reverse("partners:new"), data)
    partner = Party.objects.get(name="Brand New Partner")
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:detail", args=[partner.pk])
    assert partner.partnerships.get().commission_rate == Decimal("8.50")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("commission_rate", "120", "from 0 to 100 %"),
        ("commission_rate", "-1", "from 0 to 100 %"),
        ("commission_rate", "5.555", "two decimals"),
        ("thru_date", (TODAY - datetime.timedelta(days=3)).isoformat(), "cannot end before"),
    ],
)
def test_bad_input_on_the_form_is_shown_next_to_its_field(client_for, carol, field, value, message):
    data = _create_data(owner=carol.pk, **{field: value})
    response = client_for(carol).post(reverse("partners:new"), data)
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Party.objects.filter(name="Brand New Partner").exists()


def test_a_person_chosen_as_partner_is_an_error_next_to_the_field(client_for, carol):
    person = make_contact(carol, first_name="Pat", last_name="Person")
    data = _create_data(owner=carol.pk, organization_mode="existing", organization=str(person.pk))
    response = client_for(carol).post(reverse("partners:new"), data)
    assert "is a person" in field_error(response, "organization")
    assert not Partnership.objects.exists()


def test_a_current_partner_chosen_again_is_an_error_next_to_the_field(client_for, carol, partner):
    data = _create_data(owner=carol.pk, organization_mode="existing", organization=str(partner.pk))
    response = client_for(carol).post(reverse("partners:new"), data)
    assert "already a current partner" in field_error(response, "organization")
    assert Partnership.objects.count() == 1


def test_the_edit_form_refuses_a_commission_over_100(client_for, alice, partner):
    terms = partner.partnerships.get()
    response = client_for(alice).post(
        reverse("partners:edit", args=[partner.pk]),
        {
            "version": terms.version,
            "type": terms.type,
            "owner": alice.pk,
            "commission_rate": "101",
            "from_date": terms.from_date.isoformat(),
        },
    )
    assert "from 0 to 100 %" in field_error(response, "commission_rate")
    terms.refresh_from_db()
    assert terms.commission_rate == Decimal("10.00") and terms.version == 1


def test_ending_from_the_page_keeps_the_agreement_in_the_history(client_for, alice, partner):
    client = client_for(alice)
    response = client.post(
        reverse("partners:end", args=[partner.pk]), {"thru_date": TODAY.isoformat()}
    )
    assert response.status_code == 302
    page = client.get(reverse("partners:detail", args=[partner.pk]))
    assert "Partnership ended" in page.content.decode()
    assert list(page.context["terms"]) == list(partner.partnerships.all())
    assert page.context["terms"][0].thru_date == TODAY


def test_ending_before_the_start_is_an_error_on_the_page(client_for, alice, partner):
    response = client_for(alice).post(
        reverse("partners:end", args=[partner.pk]),
        {"thru_date": (TODAY - datetime.timedelta(days=5)).isoformat()},
    )
    assert response.status_code == 200
    assert "cannot end before it started" in field_error(response, "thru_date")
    assert partner.partnerships.get().is_current


# The list ------------------------------------------------------------------------------------


def test_the_list_filters_by_type_owner_and_state(client_for, carol, alice, bob):
    reseller = make_partner(carol, name="Resell Ltd", owner=alice).partner
    referral = make_partner(carol, name="Refer Ltd", owner=bob, type=PartnerType.REFERRAL)
    services.partnership_end(actor=carol, partnership=referral)
    client = client_for(carol)

    def names(**params):
        response = client.get(reverse("partners:list"), params)
        return [p.display_name for p in response.context["page"].items]

    assert names() == ["Refer Ltd", "Resell Ltd"]
    assert names(type="referral") == ["Refer Ltd"]
    assert names(owner=alice.pk) == ["Resell Ltd"]
    assert names(state="current") == [reseller.display_name]
    assert names(state="ended") == ["Refer Ltd"]
    assert names(sort="-name") == ["Resell Ltd", "Refer Ltd"]
    assert client_for(alice).get(reverse("partners:list"), {"scope": "mine"}).context[
        "page"
    ].items == [reseller]


def test_a_tampered_filter_is_an_error_not_a_500(client_for, carol, partner):
    response = client_for(carol).get(
        reverse("partners:list"), {"owner": "99999999999999999999999", "after": "x!"}
    )
    assert response.status_code == 200


def test_the_list_runs_a_fixed_number_of_queries(client_for, carol):
    make_partner(carol, name="Partner 0")

    def grow():
        for n in range(1, 50):
            make_partner(carol, name=f"Partner {n}")

    assert_flat_queries(client_for(carol), reverse("partners:list"), grow=grow, budget=8)


# The partner's page: what it brought, over what the viewer may see ---------------------------


def test_the_page_lists_the_partner_contacts_restricting_the_unseen(
    client_for, carol, dan, partner
):
    make_contact(carol, first_name="Paula", last_name="Partner", account=partner)
    page = client_for(carol).get(reverse("partners:detail", args=[partner.pk]))
    assert "Paula Partner" in page.content.decode()
    page = client_for(dan).get(reverse("partners:detail", args=[partner.pk]))
    assert "Paula Partner" not in page.content.decode()
    assert "restricted" in page.content.decode()


def test_the_page_shows_only_the_leads_and_deals_the_viewer_may_see(
    client_for, alice, dan, partner
):
    make_lead(alice, first_name="Lena", last_name="Lead", partner=partner)
    make_lead(dan, first_name="Dora", last_name="Danslead", partner=partner)
    make_opportunity(alice, name="Alice deal", partner=partner)
    make_opportunity(dan, name="Dan deal", partner=partner)
    content = client_for(alice).get(reverse("partners:detail", args=[partner.pk])).content
    text = content.decode()
    assert "Lena Lead" in text and "Alice deal" in text
    assert "Dora Danslead" not in text and "Dan deal" not in text


def test_the_figures_hand_checked(alice, carol, partner, settings):
    """Over alice's deals: open 1,000 EUR at 20 % and 500 USD at 50 % (1 USD = 0.9 EUR);
    won this quarter 2,000 EUR; won earlier this year (if the quarter is not the year's
    first) 400 EUR; a lost deal and last year's won deal left out. Commission 10 %."""
    settings.CRM_FORECAST_CURRENCY = "EUR"
    quarter, year = current_periods(TODAY)
    Partnership.objects.filter(partner=partner).update(
        from_date=year.start - datetime.timedelta(days=400)
    )
    ExchangeRate.objects.create(
        currency="USD", rate=Decimal("0.9"), valid_from=year.start - datetime.timedelta(days=400)
    )
    make_opportunity(alice, partner=partner, amount=1000, currency="EUR", probability=20)
    make_opportunity(alice, partner=partner, amount=500, currency="USD", probability=50)
    _won(make_opportunity(alice, partner=partner, amount=2000, currency="EUR"), quarter.start)
    earlier = quarter.start - datetime.timedelta(days=1)
    if earlier >= year.start:
        _won(make_opportunity(alice, partner=partner, amount=400, currency="EUR"), earlier)
    _won(
        make_opportunity(alice, partner=partner, amount=9000),
        year.start - datetime.timedelta(days=1),
    )
    lost = make_opportunity(alice, partner=partner, amount=7000)
    opportunity_services.opportunity_close(actor=alice, opportunity=lost, won=False, reason="No")

    figures = partner_figures(alice, partner_for_page(alice, partner.pk), today=TODAY)

    assert figures.open_count == 2
    assert figures.pipeline == Decimal("1450.00")  # 1000 + 500 × 0.9
    assert figures.pipeline_weighted == Decimal("425.00")  # 200 + 225
    assert (figures.quarter.count, figures.quarter.revenue) == (1, Decimal("2000.00"))
    assert figures.quarter.commission == Decimal("200.00")
    year_revenue = Decimal("2400.00") if earlier >= year.start else Decimal("2000.00")
    assert figures.year.revenue == year_revenue
    assert figures.year.commission == year_revenue / 10


def test_commission_is_at_the_rate_in_force_on_the_close_date(alice, carol, partner):
    """A deal won under the earlier 10 % agreement earns 10 %, one won under today's 20 %
    earns 20 %; one won between agreements earns none."""
    quarter, year = current_periods(TODAY)
    old = partner.partnerships.get()
    start = year.start
    Partnership.objects.filter(pk=old.pk).update(from_date=start, thru_date=start)
    services.partner_create(
        actor=carol,
        organization=partner,
        type=PartnerType.RESELLER,
        commission_rate=20,
        from_date=TODAY,
    )
    _won(make_opportunity(alice, partner=partner, amount=1000, currency="EUR"), start)
    _won(make_opportunity(alice, partner=partner, amount=1000, currency="EUR"), TODAY)
    gap = start + datetime.timedelta(days=1)
    if gap < TODAY:
        _won(make_opportunity(alice, partner=partner, amount=1000, currency="EUR"), gap)
    figures = partner_figures(alice, partner_for_page(alice, partner.pk), today=TODAY)
    assert figures.year.commission == Decimal("300.00")
    assert figures.outside_agreement == (1 if gap < TODAY else 0)


def test_figures_count_only_the_deals_the_viewer_may_see(alice, dan, partner):
    quarter, _year = current_periods(TODAY)
    _won(make_opportunity(alice, partner=partner, amount=1000, currency="EUR"), TODAY)
    _won(make_opportunity(dan, partner=partner, amount=5000, currency="EUR"), TODAY)
    for user, revenue in ((alice, Decimal("1000.00")), (dan, Decimal("5000.00"))):
        figures = partner_figures(user, partner_for_page(user, partner.pk), today=TODAY)
        assert figures.quarter.revenue == revenue


def test_alice_sees_who_brought_her_deal_and_its_commission(client_for, alice, carol, partner):
    deal = make_opportunity(alice, name="Acme - licences", partner=partner, amount=3000)
    _won(deal, TODAY)
    page = client_for(alice).get(reverse("opportunities:detail", args=[deal.pk]))
    assert "Channel Co" in page.content.decode()
    page = client_for(alice).get(reverse("partners:detail", args=[partner.pk]))
    figures = page.context["panels"].header[0].context["partner_figures"]
    assert figures.quarter.commission == Decimal("300.00")
    customers = page.context["panels"][1].context["partner_deals"].customers
    assert [c.pk for c in customers] == [deal.account_id] and customers[0].visible


def test_the_page_runs_a_fixed_number_of_queries(client_for, carol, alice, partner):
    def one(n):
        make_contact(alice, account=partner, first_name="P", last_name=f"Person {n}")
        make_lead(alice, first_name="L", last_name=f"Lead {n}", partner=partner)
        deal = make_opportunity(alice, name=f"Deal {n}", partner=partner, amount=100 + n)
        if n % 2:
            _won(deal, TODAY)

    one(0)

    def grow():
        for n in range(1, 50):
            one(n)

    assert_flat_queries(
        client_for(alice), reverse("partners:detail", args=[partner.pk]), grow=grow, budget=25
    )


def test_an_edit_over_someone_elses_change_is_a_conflict_not_an_overwrite(
    client_for, alice, carol, partner
):
    terms = partner.partnerships.get()
    services.partnership_update(
        actor=carol,
        partnership=terms,
        expected_version=1,
        type=terms.type,
        owner=alice,
        commission_rate=Decimal("15"),
        from_date=terms.from_date,
    )
    response = client_for(alice).post(
        reverse("partners:edit", args=[partner.pk]),
        {
            "version": 1,
            "type": terms.type,
            "owner": alice.pk,
            "commission_rate": "9",
            "from_date": terms.from_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    terms.refresh_from_db()
    assert terms.commission_rate == Decimal("15.00") and terms.version == 2
