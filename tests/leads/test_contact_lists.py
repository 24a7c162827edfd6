"""Contact lists as users see them: the lists, members and their statuses, consent, and the
CSV export for a mailing."""

import csv
import io

import pytest

from leads import services
from leads.models import ContactList, ContactListMember, MemberStatus
from parties.services import consent_record
from tests.factories import (
    make_account,
    make_campaign,
    make_contact,
    make_contact_list,
    make_customer,
    make_lead,
)
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

NO_CONSENT = "cannot be accepted: there is no current consent to marketing e-mail"


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def grant(party, purpose="MARKETING_EMAIL", granted=True, actor=None):
    return consent_record(
        actor=actor or party.owner,
        party=party,
        purpose=purpose,
        granted=granted,
        source="IN_PERSON",
    )


def add(contact_list, party, status=None):
    member = services.contact_list_member_add(
        actor=contact_list.owner, contact_list=contact_list, party=party
    )
    if status:
        member = services.contact_list_member_set_status(
            actor=contact_list.owner, member=member, status=status
        )
    return member


def accepted(contact_list, party):
    grant(party)
    return add(contact_list, party, MemberStatus.ACCEPTED)


@pytest.fixture
def newsletter(mark):
    return make_contact_list(mark, name="Spring newsletter", list_type="newsletter")


def detail_url(contact_list) -> str:
    return f"/contact-lists/{contact_list.pk}/"


def member_url(contact_list, member, action) -> str:
    return f"/contact-lists/{contact_list.pk}/members/{member.pk}/{action}/"


def export(client, contact_list) -> list[list[str]]:
    response = client.get(f"/contact-lists/{contact_list.pk}/export.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# Lists: create, edit, view -----------------------------------------------------------------


def test_mark_creates_a_contact_list(client, mark):
    campaign = make_campaign(mark, name="Autumn fair")
    client.force_login(mark)
    response = client.post(
        "/contact-lists/new/",
        {
            "name": "Fair visitors",
            "list_type": "announcement",
            "channel": "post",
            "campaign": campaign.pk,
            "description": "Invitations",
        },
    )
    contact_list = ContactList.objects.get(name="Fair visitors")
    assert response.status_code == 302
    assert response["Location"] == detail_url(contact_list)
    assert (contact_list.list_type, contact_list.channel) == ("announcement", "post")
    assert contact_list.campaign == campaign
    assert contact_list.owner == mark


def test_create_without_a_name_keeps_what_was_typed(client, mark):
    client.force_login(mark)
    response = client.post(
        "/contact-lists/new/",
        {"name": "", "list_type": "newsletter", "channel": "sms", "description": "Keep me"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert "Keep me" in _text(response)
    assert not ContactList.objects.exists()


def test_unknown_campaign_is_a_form_error(client, mark):
    client.force_login(mark)
    response = client.post(
        "/contact-lists/new/",
        {"name": "X", "list_type": "marketing", "channel": "email", "campaign": "999999"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["campaign"]
    assert not ContactList.objects.exists()


def test_mark_edits_a_contact_list(client, mark, newsletter):
    client.force_login(mark)
    response = client.post(
        f"/contact-lists/{newsletter.pk}/edit/",
        {"name": "Summer newsletter", "list_type": "newsletter", "channel": "phone"},
    )
    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert (newsletter.name, newsletter.channel) == ("Summer newsletter", "phone")


def test_alice_may_not_create_a_list(client, alice):
    client.force_login(alice)
    assert client.get("/contact-lists/new/").status_code == 403
    response = client.post(
        "/contact-lists/new/", {"name": "Mine", "list_type": "marketing", "channel": "email"}
    )
    assert response.status_code == 403
    assert not ContactList.objects.exists()


def test_alice_may_not_edit_a_list(client, alice, newsletter):
    client.force_login(alice)
    response = client.post(
        f"/contact-lists/{newsletter.pk}/edit/",
        {"name": "Hijacked", "list_type": "marketing", "channel": "email"},
    )
    assert response.status_code == 403
    newsletter.refresh_from_db()
    assert newsletter.name == "Spring newsletter"


def test_alice_may_not_add_a_member(client, alice, newsletter):
    lead = make_lead(alice)
    client.force_login(alice)
    response = client.post(f"{detail_url(newsletter)}members/", {"party": f"#{lead.pk}"})
    assert response.status_code == 403
    assert not ContactListMember.objects.exists()


def test_alice_sees_the_list_without_member_controls(client, alice, newsletter):
    client.force_login(alice)
    response = client.get(detail_url(newsletter))
    assert response.status_code == 200
    assert "Spring newsletter" in _text(response)
    assert "Add member" not in _text(response)


@pytest.mark.parametrize("suffix", ["", "{pk}/", "{pk}/export.csv"])
def test_erin_may_not_view_contact_lists(client, erin, newsletter, suffix):
    client.force_login(erin)
    assert client.get("/contact-lists/" + suffix.format(pk=newsletter.pk)).status_code == 403


def test_list_page_shows_counts_of_current_and_accepted_members(client, mark, newsletter):
    accepted(newsletter, make_contact(mark))
    add(newsletter, make_contact(mark))
    removed = add(newsletter, make_contact(mark))
    services.contact_list_member_remove(actor=mark, member=removed)
    client.force_login(mark)
    row = client.get("/contact-lists/").context["page"].items[0]
    assert (row.current_count, row.accepted_count) == (2, 1)


def test_list_page_filters_by_type(client, mark, newsletter):
    make_contact_list(mark, name="Trade announcement", list_type="announcement")
    client.force_login(mark)
    page = _text(client.get("/contact-lists/", {"list_type": "announcement"}))
    assert "Trade announcement" in page and "Spring newsletter" not in page


def test_list_page_sorts_by_name_descending(client, mark, newsletter):
    make_contact_list(mark, name="Alpha")
    client.force_login(mark)
    names = [c.name for c in client.get("/contact-lists/", {"sort": "-name"}).context["page"].items]
    assert names == ["Spring newsletter", "Alpha"]


def test_bad_filter_values_do_not_fail(client, mark, newsletter):
    client.force_login(mark)
    response = client.get("/contact-lists/", {"list_type": "bogus", "sort": "x", "after": "%%"})
    assert response.status_code == 200


# Members -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda owner: make_lead(owner).party,
        lambda owner: make_contact(owner),
        lambda owner: make_customer(owner),
    ],
    ids=["lead", "contact", "customer"],
)
def test_adding_a_member_makes_it_pending(client, mark, newsletter, make):
    party = make(mark)
    client.force_login(mark)
    response = client.post(f"{detail_url(newsletter)}members/", {"party": f"#{party.pk}"})
    assert response.status_code == 302
    member = ContactListMember.objects.get(contact_list=newsletter, party=party)
    assert member.status == MemberStatus.PENDING
    assert member.added_by == mark


def test_adding_by_exact_name_works(client, mark, newsletter):
    contact = make_contact(mark, first_name="Unique", last_name="Person")
    client.force_login(mark)
    client.post(f"{detail_url(newsletter)}members/", {"party": "unique person"})
    assert newsletter.members.get().party == contact


def test_adding_twice_is_refused(client, mark, newsletter):
    contact = make_contact(mark, first_name="Twice", last_name="Added")
    add(newsletter, contact)
    client.force_login(mark)
    response = client.post(f"{detail_url(newsletter)}members/", {"party": f"#{contact.pk}"})
    assert response.status_code == 200
    assert "Twice Added is already on this list." in response.context["form"].errors["party"]
    assert newsletter.members.count() == 1


def test_adding_an_account_is_refused(client, mark, newsletter):
    account = make_account(mark, name="Globex")
    client.force_login(mark)
    response = client.post(f"{detail_url(newsletter)}members/", {"party": f"#{account.pk}"})
    assert response.status_code == 200
    assert response.context["form"].errors["party"] == [
        "No lead, contact or customer you may see has that number."
    ]
    assert not newsletter.members.exists()


@pytest.mark.parametrize("value", ["#{hidden}", "#999999", "#99999999999999999999999", "Nobody"])
def test_tampered_or_unknown_party_is_a_form_error(client, mark, alice, newsletter, value):
    hidden = make_lead(alice, first_name="Hidden", last_name="Lead")
    client.force_login(mark)
    typed = value.format(hidden=hidden.pk)
    response = client.post(f"{detail_url(newsletter)}members/", {"party": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["party"]
    assert f'value="{typed}"' in _text(response)
    assert not ContactListMember.objects.exists()


def test_add_member_page_renders_the_form(client, mark, newsletter):
    client.force_login(mark)
    response = client.get(f"{detail_url(newsletter)}members/")
    assert response.status_code == 200
    page = _text(response)
    assert 'for="id_party"' in page and "Lead, contact or customer" in page
    assert f'hx-get="/contact-lists/{newsletter.pk}/members/?lookup=1"' in page


def test_member_suggestions_are_visible_leads_contacts_and_customers(
    client, mark, alice, newsletter
):
    make_contact(mark, first_name="Rita", last_name="Contact")
    make_lead(mark, first_name="Rita", last_name="Lead")
    make_account(mark, name="Rita Corp")
    make_contact(alice, first_name="Rita", last_name="Hidden")
    client.force_login(mark)
    page = _text(client.get(f"{detail_url(newsletter)}members/", {"lookup": 1, "party": "rita"}))
    assert "Rita Contact" in page and "Rita Lead" in page
    assert "Rita Corp" not in page and "Rita Hidden" not in page


def test_accepting_without_consent_is_refused(client, mark, newsletter):
    contact = make_contact(mark, first_name="No", last_name="Consent")
    member = add(newsletter, contact)
    client.force_login(mark)
    response = client.post(
        member_url(newsletter, member, "status"), {"status": "accepted"}, follow=True
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.PENDING
    assert response.redirect_chain[-1][0] == detail_url(newsletter)
    assert any("No Consent " + NO_CONSENT in m for m in _messages(response))


def test_accepting_after_withdrawn_consent_is_refused(client, mark, newsletter):
    contact = make_contact(mark)
    grant(contact)
    grant(contact, granted=False)
    member = add(newsletter, contact)
    client.force_login(mark)
    client.post(member_url(newsletter, member, "status"), {"status": "accepted"})
    member.refresh_from_db()
    assert member.status == MemberStatus.PENDING


def test_accepting_with_consent_for_another_channel_is_refused(client, mark):
    sms_list = make_contact_list(mark, name="Texts", channel="sms")
    contact = make_contact(mark)
    grant(contact, purpose="MARKETING_EMAIL")
    member = add(sms_list, contact)
    client.force_login(mark)
    client.post(member_url(sms_list, member, "status"), {"status": "accepted"})
    member.refresh_from_db()
    assert member.status == MemberStatus.PENDING


def test_accepting_after_consent_is_granted(client, mark, newsletter):
    contact = make_contact(mark)
    member = add(newsletter, contact)
    member.status_changed_at = member.status_changed_at.replace(year=2020)
    member.save(update_fields=["status_changed_at"])
    consent_record(
        actor=mark, party=contact, purpose="MARKETING_EMAIL", granted=True, source="IN_PERSON"
    )
    client.force_login(mark)
    response = client.post(member_url(newsletter, member, "status"), {"status": "accepted"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED
    assert member.status_changed_at.year > 2020


def test_invalid_status_changes_nothing(client, mark, newsletter):
    member = add(newsletter, make_contact(mark))
    client.force_login(mark)
    response = client.post(member_url(newsletter, member, "status"), {"status": "bogus"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.PENDING


def test_refusal_for_a_restricted_member_does_not_name_them(client, mark, alice, newsletter):
    lead = make_lead(alice, first_name="Secret", last_name="Person")
    member = add(newsletter, lead.party)
    client.force_login(mark)
    response = client.post(
        member_url(newsletter, member, "status"), {"status": "accepted"}, follow=True
    )
    shown = " ".join(_messages(response))
    assert "no current consent to marketing e-mail" in shown
    assert "Secret" not in _text(response)


def test_removing_a_member_keeps_it_as_history(client, mark, newsletter):
    contact = make_contact(mark, first_name="Gone", last_name="Member")
    member = add(newsletter, contact)
    client.force_login(mark)
    response = client.post(member_url(newsletter, member, "remove"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.thru_date is not None
    page = client.get(detail_url(newsletter))
    assert page.context["members"].current.items == []
    assert [m.pk for m in page.context["members"].former] == [member.pk]
    assert "Former members" in _text(page)


def test_removed_member_can_be_added_again(client, mark, newsletter):
    contact = make_contact(mark)
    services.contact_list_member_remove(actor=mark, member=add(newsletter, contact))
    client.force_login(mark)
    client.post(f"{detail_url(newsletter)}members/", {"party": f"#{contact.pk}"})
    assert newsletter.members.filter(thru_date__isnull=True, party=contact).count() == 1


def test_removed_member_cannot_be_accepted(client, mark, newsletter):
    contact = make_contact(mark)
    grant(contact)
    member = add(newsletter, contact)
    services.contact_list_member_remove(actor=mark, member=member)
    client.force_login(mark)
    client.post(member_url(newsletter, member, "status"), {"status": "accepted"})
    member.refresh_from_db()
    assert member.status == MemberStatus.PENDING


def test_restricted_member_is_not_named(client, mark, alice, newsletter):
    lead = make_lead(alice, first_name="Zed", last_name="Secretname", email="zed@example.com")
    add(newsletter, lead.party, MemberStatus.REJECTED)
    client.force_login(mark)
    page = _text(client.get(detail_url(newsletter)))
    assert "restricted" in page
    assert "Secretname" not in page and "zed@example.com" not in page
    assert f"/leads/{lead.pk}/" not in page
    assert "Rejected" in page


def test_visible_member_links_to_its_page(client, mark, newsletter):
    contact = make_contact(mark, first_name="Vera", last_name="Visible", email="vera@example.com")
    add(newsletter, contact)
    client.force_login(mark)
    page = _text(client.get(detail_url(newsletter)))
    assert f'href="/contacts/{contact.pk}/">Vera Visible</a>' in page
    assert "vera@example.com" in page


def test_member_row_shows_current_consent(client, mark, newsletter):
    granted = make_contact(mark)
    grant(granted)
    withdrawn = make_contact(mark)
    grant(withdrawn)
    grant(withdrawn, granted=False)
    add(newsletter, granted)
    add(newsletter, withdrawn)
    client.force_login(mark)
    rows = client.get(detail_url(newsletter)).context["members"].current.items
    assert {m.party_id: m.consent_granted for m in rows} == {
        granted.pk: True,
        withdrawn.pk: False,
    }


def test_members_filter_by_status(client, mark, newsletter):
    accepted(newsletter, make_contact(mark, first_name="Acc", last_name="Epted"))
    add(newsletter, make_contact(mark, first_name="Pen", last_name="Ding"))
    client.force_login(mark)
    page = _text(client.get(detail_url(newsletter), {"status": "accepted"}))
    assert "Acc Epted" in page and "Pen Ding" not in page


# Unknown ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/contact-lists/999999/"),
        ("get", "/contact-lists/99999999999999999999999/"),
        ("post", "/contact-lists/{pk}/members/99999999999999999999999/status/"),
        ("get", "/contact-lists/999999/edit/"),
        ("get", "/contact-lists/999999/export.csv"),
        ("post", "/contact-lists/999999/members/"),
        ("post", "/contact-lists/{pk}/members/999999/status/"),
        ("post", "/contact-lists/{pk}/members/999999/remove/"),
    ],
)
def test_unknown_ids_are_404(client, mark, newsletter, method, url):
    client.force_login(mark)
    response = getattr(client, method)(url.format(pk=newsletter.pk), {"status": "rejected"})
    assert response.status_code == 404


def test_member_of_another_list_is_404(client, mark, newsletter):
    other = make_contact_list(mark, name="Other")
    member = add(other, make_contact(mark))
    client.force_login(mark)
    response = client.post(member_url(newsletter, member, "remove"))
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.thru_date is None


# Export ------------------------------------------------------------------------------------


def test_export_contains_only_accepted_members_with_current_consent(
    client, mark, alice, newsletter
):
    accepted(newsletter, make_contact(mark, first_name="Ann", last_name="In", email="ann@ex.com"))
    withdrawn = make_contact(mark, first_name="Wit", last_name="Drawn", email="wit@ex.com")
    accepted(newsletter, withdrawn)
    grant(withdrawn, granted=False)
    pending = make_contact(mark, first_name="Pen", last_name="Ding", email="pen@ex.com")
    grant(pending)
    add(newsletter, pending)
    removed = accepted(
        newsletter, make_contact(mark, first_name="Re", last_name="Moved", email="re@ex.com")
    )
    services.contact_list_member_remove(actor=mark, member=removed)
    hidden = make_lead(alice, first_name="Hid", last_name="Den", email="hid@ex.com").party
    accepted(newsletter, hidden)
    accepted(newsletter, make_contact(mark, first_name="No", last_name="Mail"))
    client.force_login(mark)
    rows = export(client, newsletter)
    assert rows[0] == ["Name", "Company", "E-mail", "Status", "Member since"]
    assert [row[:4] for row in rows[1:]] == [["Ann In", "", "ann@ex.com", "Accepted"]]


def test_export_includes_members_the_exporter_may_see(client, admin_user, alice, newsletter):
    lead = make_lead(
        alice, first_name="Hid", last_name="Den", email="hid@ex.com", company_name="Acme"
    )
    accepted(newsletter, lead.party)
    client.force_login(admin_user)
    assert [row[:3] for row in export(client, newsletter)[1:]] == [
        ["Hid Den", "Acme", "hid@ex.com"]
    ]


def test_export_uses_the_channel_address(client, mark):
    post_list = make_contact_list(mark, name="Catalogue", channel="post")
    customer = make_customer(mark, first_name="Paula", last_name="Post")
    grant(customer, purpose="POST")
    add(post_list, customer, MemberStatus.ACCEPTED)
    client.force_login(mark)
    rows = export(client, post_list)
    assert rows[0][2] == "Postal address"
    assert "1 High Street" in rows[1][2] and "London" in rows[1][2]


def test_export_escapes_formulas(client, mark, newsletter):
    lead = make_lead(
        mark,
        first_name="=HYPERLINK(1)",
        last_name="Evil",
        company_name="@SUM(A1)",
        email="evil@ex.com",
    )
    accepted(newsletter, lead.party)
    client.force_login(mark)
    name, company, *_ = export(client, newsletter)[1]
    assert name == "'=HYPERLINK(1) Evil"
    assert company == "'@SUM(A1)"


def test_export_is_a_csv_download(client, mark, newsletter):
    client.force_login(mark)
    response = client.get(f"/contact-lists/{newsletter.pk}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="spring-newsletter.csv"'
    assert response.content.startswith("\ufeff".encode())


def test_detail_says_why_accepted_members_are_left_out(client, mark, alice, newsletter):
    accepted(newsletter, make_contact(mark, email="in@ex.com"))
    withdrawn = make_contact(mark, email="w@ex.com")
    accepted(newsletter, withdrawn)
    grant(withdrawn, granted=False)
    accepted(newsletter, make_lead(alice, email="h@ex.com").party)
    accepted(newsletter, make_contact(mark))
    client.force_login(mark)
    response = client.get(detail_url(newsletter))
    summary = response.context["summary"]
    assert (summary.exported, summary.no_consent, summary.not_visible, summary.no_address) == (
        1,
        1,
        1,
        1,
    )
    page = _text(response)
    assert "1 member will be exported: accepted, with current consent to marketing e-mail" in page
    assert "3 accepted members are left out" in page
    assert "1 without current consent" in page and "1 you may not see" in page


# Query counts ------------------------------------------------------------------------------


def _populate(contact_list, mark, alice, n):
    for i in range(n):
        owner = alice if i % 3 == 0 else mark
        if i % 2:
            party = make_contact(owner, email=f"p{contact_list.pk}-{i}@ex.com")
        else:
            party = make_lead(owner, email=f"l{contact_list.pk}-{i}@ex.com").party
        grant(party)
        add(contact_list, party, MemberStatus.ACCEPTED if i % 4 else None)


@pytest.mark.parametrize("suffix", ["", "export.csv"])
def test_detail_and_export_queries_do_not_grow_with_members(
    client, mark, alice, newsletter, suffix
):
    client.force_login(mark)
    url = f"{detail_url(newsletter)}{suffix}"
    _populate(newsletter, mark, alice, 1)
    assert_flat_queries(
        client,
        url,
        grow=lambda: _populate(newsletter, mark, alice, 19),
        # +1 on the page: which of the members Marketing may not see are customers it may list
        # (parties.selectors.listable_ids)
        budget={"": 13, "export.csv": 8}[suffix],
    )


def test_list_page_queries_do_not_grow_with_lists(client, mark, alice, newsletter):
    client.force_login(mark)
    _populate(newsletter, mark, alice, 2)

    def grow():
        for i in range(19):
            _populate(make_contact_list(mark, name=f"List {i}"), mark, alice, 2)

    assert_flat_queries(client, "/contact-lists/", grow=grow, budget=5)
