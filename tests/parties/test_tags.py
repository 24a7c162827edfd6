"""Tags on parties and deals: tagging from a record's page (a new name makes a new tag, any
case is one tag), who may tag, the suggestions, the lists' `?tag=` filter and chips, merging
in the admin."""

import pytest
from django.db import IntegrityError, transaction

from opportunities.models import OpportunityTag
from opportunities.services.tags import opportunities_tag_bulk, opportunity_tag_add
from parties.models import PartyTag, Tag
from parties.services.tags import (
    tag_add,
    tag_get_or_create,
    tags_add_bulk,
    tags_merge,
)
from tests.factories import (
    make_account,
    make_contact,
    make_customer,
    make_lead,
    make_opportunity,
)
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


def _tags_of(party) -> list[str]:
    return sorted(PartyTag.objects.filter(party=party).values_list("tag__name", flat=True))


# The vocabulary ----------------------------------------------------------------------------


def test_a_tag_name_is_unique_whatever_its_case(alice):
    vip = tag_get_or_create(actor=alice, name="  VIP  ")
    assert vip.name == "VIP"
    assert tag_get_or_create(actor=alice, name="vip") == vip
    assert Tag.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="Vip")


def test_an_empty_or_long_name_is_refused(client, alice):
    contact = make_contact(alice)
    client.force_login(alice)
    response = client.post(f"/contacts/{contact.pk}/tags/", {"name": "   "})
    assert response.status_code == 200
    assert "Type a tag&#x27;s name." in response.text or "Type a tag's name." in response.text
    long_name = "x" * 60
    response = client.post(f"/contacts/{contact.pk}/tags/", {"name": long_name})
    assert "at most 50 characters" in response.text
    assert f'value="{long_name}"' in response.text  # what was typed is kept
    assert not Tag.objects.exists()


# Tagging from a record's page --------------------------------------------------------------


def test_tagging_a_contact_with_a_new_name_creates_the_tag(client, alice):
    contact = make_contact(alice)
    client.force_login(alice)
    response = client.post(f"/contacts/{contact.pk}/tags/", {"name": "Hot prospect"})
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}/"
    tag = Tag.objects.get()
    assert (tag.name, tag.created_by) == ("Hot prospect", alice)
    assert _tags_of(contact) == ["Hot prospect"]
    page = client.get(f"/contacts/{contact.pk}/").text
    assert 'data-testid="tags-panel"' in page
    assert "Hot prospect" in page
    assert f'action="/contacts/{contact.pk}/tags/{tag.pk}/remove/"' in page


def test_tagging_twice_keeps_one_link(client, alice):
    contact = make_contact(alice)
    client.force_login(alice)
    client.post(f"/contacts/{contact.pk}/tags/", {"name": "VIP"})
    client.post(f"/contacts/{contact.pk}/tags/", {"name": "vip"})
    assert _tags_of(contact) == ["VIP"]


def test_removing_a_tag(client, alice):
    contact = make_contact(alice)
    tag_add(actor=alice, record=contact, tag="VIP")
    tag = Tag.objects.get()
    client.force_login(alice)
    response = client.post(f"/contacts/{contact.pk}/tags/{tag.pk}/remove/")
    assert response.status_code == 302
    assert _tags_of(contact) == []
    assert Tag.objects.filter(pk=tag.pk).exists()  # the tag stays in the vocabulary


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 302), ("carol", 302), ("bob", 403), ("dan", 404), ("erin", 404), ("mark", 404)],
)
def test_who_may_tag_a_contact(client, personas, persona, status):
    contact = make_contact(personas["alice"])
    client.force_login(personas[persona])
    response = client.post(f"/contacts/{contact.pk}/tags/", {"name": "VIP"})
    assert response.status_code == status
    assert _tags_of(contact) == (["VIP"] if status == 302 else [])


def test_a_viewer_sees_the_tags_without_the_add_form(client, alice, bob):
    contact = make_contact(alice)
    tag_add(actor=alice, record=contact, tag="VIP")
    client.force_login(bob)
    page = client.get(f"/contacts/{contact.pk}/").text
    assert "VIP" in page
    assert 'data-testid="tag-add"' not in page
    assert "/remove/" not in page


def test_removing_needs_the_right_to_change(client, alice, bob):
    contact = make_contact(alice)
    tag_add(actor=alice, record=contact, tag="VIP")
    client.force_login(bob)
    tag = Tag.objects.get()
    assert client.post(f"/contacts/{contact.pk}/tags/{tag.pk}/remove/").status_code == 403
    assert client.post(f"/contacts/{contact.pk}/tags/999999/remove/").status_code == 403
    client.force_login(alice)
    assert client.post(f"/contacts/{contact.pk}/tags/999999/remove/").status_code == 404
    assert _tags_of(contact) == ["VIP"]


def test_accounts_customers_and_leads_are_tagged_on_their_pages(client, alice):
    account = make_account(alice)
    customer = make_customer(alice)
    lead = make_lead(alice).party
    client.force_login(alice)
    for kind, party in (("accounts", account), ("customers", customer), ("leads", lead)):
        response = client.post(f"/{kind}/{party.pk}/tags/", {"name": "Trade show 2026"})
        assert response.status_code == 302, kind
        assert response["Location"] == f"/{kind}/{party.pk}/"
        assert "Trade show 2026" in client.get(f"/{kind}/{party.pk}/").text
        assert _tags_of(party) == ["Trade show 2026"]


def test_a_party_is_tagged_only_under_its_own_kind(client, alice):
    account = make_account(alice)
    client.force_login(alice)
    assert client.post(f"/contacts/{account.pk}/tags/", {"name": "VIP"}).status_code == 404


def test_tagging_a_deal(client, alice, bob):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(f"/opportunities/{deal.pk}/tags/", {"name": "Renewal risk"})
    assert response.status_code == 302
    assert list(deal.opportunity_tags.values_list("tag__name", flat=True)) == ["Renewal risk"]
    page = client.get(f"/opportunities/{deal.pk}/").text
    assert "Renewal risk" in page
    client.force_login(bob)
    assert client.post(f"/opportunities/{deal.pk}/tags/", {"name": "x"}).status_code == 403
    tag = Tag.objects.get()
    response = client.post(f"/opportunities/{deal.pk}/tags/{tag.pk}/remove/")
    assert response.status_code == 403
    client.force_login(alice)
    client.post(f"/opportunities/{deal.pk}/tags/{tag.pk}/remove/")
    assert not deal.opportunity_tags.exists()


def test_a_refused_deal_tag_keeps_what_was_typed(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(f"/opportunities/{deal.pk}/tags/", {"name": "y" * 55})
    assert response.status_code == 200
    assert "at most 50 characters" in response.text
    assert 'value="' + "y" * 55 + '"' in response.text


# Suggestions -------------------------------------------------------------------------------


def test_suggestions_start_with_the_typed_text_then_contain_it(client, alice):
    for name in ("Partner lead", "VIP", "Very important", "Key partner"):
        tag_get_or_create(actor=alice, name=name)
    client.force_login(alice)
    response = client.get("/tags/suggest/", {"q": "par"})
    assert response.status_code == 200
    assert response.text.index("Partner lead") < response.text.index("Key partner")
    assert "VIP" not in response.text
    # htmx sends the field's own name
    assert "Very important" in client.get("/tags/suggest/", {"name": "ve"}).text


def test_suggestions_survive_a_nul_character(client, alice):
    client.force_login(alice)
    assert client.get("/tags/suggest/", {"q": "a\x00b"}).status_code == 200


def test_suggestions_escape_names(client, alice):
    tag_get_or_create(actor=alice, name='<b>"bold"</b>')
    client.force_login(alice)
    text = client.get("/tags/suggest/?q=<b").text
    assert "<b>" not in text and "&lt;b&gt;" in text


# Services other pages use (bulk actions) ---------------------------------------------------


def test_bulk_tagging_counts_only_newly_tagged_parties(alice):
    contacts = [make_contact(alice) for _ in range(3)]
    tag_add(actor=alice, record=contacts[0], tag="VIP")
    from parties.models import Party

    tagged = tags_add_bulk(
        actor=alice, records_qs=Party.objects.filter(pk__in=[c.pk for c in contacts]), tag="vip"
    )
    assert tagged == 2
    assert all(_tags_of(c) == ["VIP"] for c in contacts)


def test_bulk_tagging_deals(alice):
    from opportunities.models import Opportunity

    deals = [make_opportunity(alice) for _ in range(2)]
    opportunity_tag_add(actor=alice, record=deals[0], tag="Q3")
    assert opportunities_tag_bulk(actor=alice, records_qs=Opportunity.objects.all(), tag="Q3") == 1
    assert OpportunityTag.objects.count() == 2


def test_merging_tags_moves_every_link_once(alice):
    a, b = make_contact(alice), make_contact(alice)
    deal = make_opportunity(alice)
    tag_add(actor=alice, record=a, tag="VIP")
    tag_add(actor=alice, record=a, tag="V.I.P.")
    tag_add(actor=alice, record=b, tag="V.I.P.")
    opportunity_tag_add(actor=alice, record=deal, tag="V.I.P.")
    keep, other = Tag.objects.get(name="VIP"), Tag.objects.get(name="V.I.P.")
    tags_merge(actor=alice, keep=keep, merge=[other])
    assert list(Tag.objects.values_list("name", flat=True)) == ["VIP"]
    assert _tags_of(a) == ["VIP"] and _tags_of(b) == ["VIP"]
    assert list(deal.opportunity_tags.values_list("tag__name", flat=True)) == ["VIP"]


def test_the_admin_merges_and_renames_tags(client, admin_user, alice):
    contact = make_contact(alice)
    tag_add(actor=alice, record=contact, tag="VIP")
    tag_add(actor=alice, record=make_contact(alice), tag="VIP")
    tag_add(actor=alice, record=contact, tag="vip customer")
    client.force_login(admin_user)
    assert client.get("/admin/parties/tag/").status_code == 200
    ids = list(Tag.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/parties/tag/", {"action": "merge_tags", "_selected_action": ids}, follow=True
    )
    assert "Merged" in response.text
    assert list(Tag.objects.values_list("name", flat=True)) == ["VIP"]  # the most used one
    tag = Tag.objects.get()
    response = client.post(
        f"/admin/parties/tag/{tag.pk}/change/", {"name": "Key account", "colour": "red"}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.colour) == ("Key account", "red")


# The lists' filter and chips ---------------------------------------------------------------


def test_the_contact_list_filters_by_tag_name_or_id(client, alice):
    hot, cold, both = (make_contact(alice, last_name=n) for n in ("Hot", "Cold", "Both"))
    tag_add(actor=alice, record=hot, tag="Hot")
    tag_add(actor=alice, record=both, tag="Hot")
    tag_add(actor=alice, record=both, tag="Key")
    client.force_login(alice)

    def shown(query):
        response = client.get(f"/contacts/?{query}")
        assert response.status_code == 200
        return {party.pk for party in response.context["page"].items}

    assert shown("tag=hot") == {hot.pk, both.pk}
    assert shown(f"tag={Tag.objects.get(name='Key').pk}") == {both.pk}
    assert shown("tag=Hot&tag=Key") == {both.pk}  # every chosen tag
    assert shown("scope=all") == {hot.pk, cold.pk, both.pk}


def test_an_unknown_tag_is_an_error_next_to_the_filter(client, alice):
    make_contact(alice)
    client.force_login(alice)
    response = client.get("/contacts/?tag=nothing-like-it")
    assert response.status_code == 200
    assert "No tag is named “nothing-like-it”." in response.text
    assert len(response.context["page"].items) == 1  # unfiltered


def test_every_party_list_and_the_deal_list_filter_by_tag(client, alice, erin):
    account, other_account = make_account(alice), make_account(alice)
    lead, other_lead = make_lead(alice).party, make_lead(alice).party
    customer, other_customer = make_customer(alice), make_customer(alice, first_name="Zed")
    deal, other_deal = make_opportunity(alice), make_opportunity(alice)
    for party in (account, lead, customer):
        tag_add(actor=alice, record=party, tag="Fair")
    opportunity_tag_add(actor=alice, record=deal, tag="Fair")
    client.force_login(alice)
    for url, tagged, _untagged in (
        ("/accounts/", account, other_account),
        ("/leads/", lead, other_lead),
        ("/customers/", customer, other_customer),
        ("/opportunities/", deal, other_deal),
    ):
        items = client.get(url, {"tag": "fair"}).context["page"].items
        assert [item.pk for item in items] == [tagged.pk], url
        page = client.get(url, {"scope": "all"}).text
        assert f'href="{url}?tag=Fair"' in page, url  # the chip in the row


def test_list_chips_cost_one_query_whatever_the_rows(client, alice):
    client.force_login(alice)
    tag_add(actor=alice, record=make_contact(alice), tag="A")

    def grow():
        for i in range(20):
            contact = make_contact(alice)
            tag_add(actor=alice, record=contact, tag=f"T{i % 5}")
            tag_add(actor=alice, record=contact, tag="A")

    assert_flat_queries(client, "/contacts/?tag=A", grow=grow, budget=14)


def test_deal_list_chips_cost_one_query_whatever_the_rows(client, alice):
    client.force_login(alice)
    opportunity_tag_add(actor=alice, record=make_opportunity(alice), tag="A")

    def grow():
        for i in range(10):
            opportunity_tag_add(actor=alice, record=make_opportunity(alice), tag=f"T{i % 3}")

    assert_flat_queries(client, "/opportunities/?scope=all", grow=grow, budget=16)
