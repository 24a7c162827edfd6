"""lead_create, status transitions, assignment and lead_convert."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crm.models import GrantCause
from leads import services
from leads.models import Lead, LeadStatus, LeadStatusChange
from parties.models import (
    Consent,
    ContactMechPurpose,
    LeadSource,
    Party,
    PartyGroupObjectPermission,
    PartyKind,
    PartyRelationship,
    PartyRole,
    PartyUserObjectPermission,
    RelationshipKind,
    RoleType,
)
from parties.selectors import parties_visible_to
from tests.factories import make_account, make_lead

pytestmark = pytest.mark.django_db


def _roles(party) -> set[str]:
    return set(PartyRole.objects.filter(party=party).values_list("role", flat=True))


# Creating ----------------------------------------------------------------------------------


def test_create_person_lead_with_contact_details(alice):
    trade_show = LeadSource.objects.get(code="trade-show")
    lead = services.lead_create(
        actor=alice,
        first_name="Zoë",
        last_name="Müller",
        company_name="Initech",
        job_title="CTO",
        email="Zoe@Initech.example",
        phone="+44 20 7946 0958",
        address={"address1": "1 Main St", "city": "Leeds", "country": "GB"},
        source=trade_show,
    )
    party = lead.party
    assert party.kind == PartyKind.PERSON
    assert party.display_name == "Zoë Müller"
    assert party.job_title == "CTO"
    assert party.source == trade_show
    assert lead.company_name == "Initech"
    assert lead.status == LeadStatus.NEW
    assert _roles(party) == {RoleType.LEAD}
    values = set(party.contact_mechs.values_list("contact_mech__value", flat=True))
    assert {"zoe@initech.example", "+442079460958"} <= values
    assert party.contact_mechs.filter(
        purposes__purpose=ContactMechPurpose.GENERAL_LOCATION
    ).exists()
    assert list(lead.status_changes.values_list("to_status", flat=True)) == [LeadStatus.NEW]


def test_create_company_only_lead_is_an_organization(alice):
    lead = services.lead_create(actor=alice, company_name="Umbrella Corp")
    assert lead.party.kind == PartyKind.ORGANIZATION
    assert lead.party.display_name == "Umbrella Corp"


def test_lead_needs_names_or_company(alice):
    with pytest.raises(ValidationError) as exc:
        services.lead_create(actor=alice, email="x@example.com")
    assert "company_name" in exc.value.message_dict
    assert not Lead.objects.exists() and not Party.objects.exists()


def test_lead_with_one_name_only_is_refused(alice):
    with pytest.raises(ValidationError) as exc:
        services.lead_create(actor=alice, first_name="Ann", company_name="Acme")
    assert "last_name" in exc.value.message_dict
    assert not Party.objects.exists()


def test_malformed_email_saves_nothing(alice):
    with pytest.raises(ValidationError):
        services.lead_create(actor=alice, first_name="A", last_name="B", email="not-an-email")
    assert not Party.objects.exists()


def test_incomplete_address_saves_nothing(alice):
    with pytest.raises(ValidationError) as exc:
        services.lead_create(
            actor=alice, first_name="A", last_name="B", address={"address1": "1 Main St"}
        )
    assert {"city", "country"} <= set(exc.value.message_dict)
    assert not Party.objects.exists()


def test_owner_team_sees_a_new_lead(alice, bob, dan):
    lead = make_lead(alice)
    assert parties_visible_to(bob).filter(pk=lead.pk).exists()
    assert not parties_visible_to(dan).filter(pk=lead.pk).exists()


# Status ------------------------------------------------------------------------------------


def test_qualify_then_disqualify_then_recycle_is_recorded(alice):
    lead = make_lead(alice)
    services.lead_set_status(actor=alice, lead=lead, status=LeadStatus.QUALIFIED)
    services.lead_set_status(
        actor=alice, lead=lead, status=LeadStatus.DISQUALIFIED, reason="No budget"
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.DISQUALIFIED
    assert lead.disqualification_reason == "No budget"
    services.lead_set_status(actor=alice, lead=lead, status=LeadStatus.ASSIGNED)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.ASSIGNED
    assert lead.disqualification_reason == ""
    changes = list(
        LeadStatusChange.objects.filter(lead=lead)
        .order_by("changed_at", "id")
        .values_list("from_status", "to_status", "reason", "changed_by__username")
    )
    assert changes == [
        ("", "NEW", "", "alice"),
        ("NEW", "QUALIFIED", "", "alice"),
        ("QUALIFIED", "DISQUALIFIED", "No budget", "alice"),
        ("DISQUALIFIED", "ASSIGNED", "", "alice"),
    ]


def test_disqualifying_needs_a_reason(alice):
    lead = make_lead(alice)
    with pytest.raises(ValidationError) as exc:
        services.lead_set_status(actor=alice, lead=lead, status=LeadStatus.DISQUALIFIED)
    assert "reason" in exc.value.message_dict
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


@pytest.mark.parametrize("target", [LeadStatus.CONVERTED, LeadStatus.NEW, "BOGUS"])
def test_status_moves_outside_the_workflow_are_refused(alice, target):
    lead = make_lead(alice)
    services.lead_set_status(actor=alice, lead=lead, status=LeadStatus.QUALIFIED)
    with pytest.raises(ValidationError):
        services.lead_set_status(actor=alice, lead=lead, status=target)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED


# Assignment --------------------------------------------------------------------------------


def test_manager_assigns_leads_to_a_rep(alice, bob, carol):
    first, second = make_lead(alice), make_lead(alice)
    assert services.lead_assign(actor=carol, leads=[first, second], new_owner=bob) == 2
    for lead in (first, second):
        lead.refresh_from_db()
        lead.party.refresh_from_db()
        assert lead.party.owner == bob
        assert lead.status == LeadStatus.ASSIGNED
        owner_perms = PartyUserObjectPermission.objects.filter(
            content_object=lead.party, cause=GrantCause.OWNER
        )
        assert set(owner_perms.values_list("user__username", flat=True)) == {"bob"}


def test_assigning_to_a_rep_of_another_team_is_refused(alice, carol, dan):
    lead = make_lead(alice)
    with pytest.raises(ValidationError):
        services.lead_assign(actor=carol, leads=[lead], new_owner=dan)
    lead.party.refresh_from_db()
    assert lead.party.owner == alice


def test_a_rep_cannot_assign_leads(alice, bob):
    lead = make_lead(alice)
    with pytest.raises(ValidationError):
        services.lead_assign(actor=bob, leads=[lead], new_owner=bob)


def test_assignment_is_all_or_nothing(alice, bob, carol, dan, team_west):
    mine = make_lead(alice)
    theirs = make_lead(dan)  # carol does not manage dan's team
    with pytest.raises(PermissionDenied):
        services.lead_assign(actor=carol, leads=[mine, theirs], new_owner=bob)
    mine.party.refresh_from_db()
    assert mine.party.owner == alice


# Conversion --------------------------------------------------------------------------------


def test_convert_into_a_new_account(alice, bob, dan):
    lead = make_lead(
        alice,
        first_name="Ann",
        last_name="Lee",
        company_name="Initech",
        job_title="CFO",
        email="ann@initech.example",
    )
    services.lead_set_status(actor=alice, lead=lead, status=LeadStatus.QUALIFIED)
    Consent.objects.create(
        party=lead.party, purpose="MARKETING_EMAIL", granted=True, source="PHONE"
    )
    conversion = services.lead_convert(actor=alice, lead=lead)

    account, contact = conversion.account, conversion.contact
    assert contact.pk == lead.party.pk
    assert account.display_name == "Initech"
    assert _roles(account) == {RoleType.ACCOUNT}
    assert _roles(contact) == {RoleType.LEAD, RoleType.CONTACT}
    job = PartyRelationship.objects.get(from_party=contact, kind=RelationshipKind.EMPLOYMENT)
    assert (job.to_party, job.title) == (account, "CFO")
    # Contact details and consent stay with the person.
    assert contact.contact_mechs.filter(contact_mech__value="ann@initech.example").exists()
    assert contact.consents.filter(granted=True).exists()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED
    assert (lead.converted_account, lead.converted_contact) == (account, contact)
    assert lead.converted_by == alice and lead.converted_at is not None
    # The new account has the lead's grants: alice owns it, her team (bob) sees it, dan not.
    assert account.owner == alice
    assert parties_visible_to(bob).filter(pk=account.pk).exists()
    assert not parties_visible_to(dan).filter(pk=account.pk).exists()


def test_conversion_copies_shares_to_the_new_account(alice, dan):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    from parties.services import party_share

    party_share(actor=alice, party=lead.party, action="view", user=dan)
    account = services.lead_convert(actor=alice, lead=lead).account
    grant = PartyUserObjectPermission.objects.get(
        content_object=account, user=dan, permission__codename="view_party"
    )
    assert grant.cause == GrantCause.CONVERSION
    assert parties_visible_to(dan).filter(pk=account.pk).exists()


def test_convert_into_an_existing_account(alice):
    account = make_account(alice, name="Globex")
    lead = make_lead(alice, first_name="Hank", last_name="Scorpio", company_name="Globex Corp")
    conversion = services.lead_convert(actor=alice, lead=lead, account=account)
    assert conversion.account == account
    assert Party.objects.filter(kind=PartyKind.ORGANIZATION).count() == 1
    assert PartyRelationship.objects.filter(
        from_party=lead.party, to_party=account, kind=RelationshipKind.EMPLOYMENT
    ).exists()


def test_company_only_lead_becomes_the_account(alice):
    lead = make_lead(alice, company_name="Umbrella Corp", email="info@umbrella.example")
    conversion = services.lead_convert(actor=alice, lead=lead)
    assert conversion.account.pk == lead.party.pk
    assert conversion.contact is None
    assert _roles(lead.party) == {RoleType.LEAD, RoleType.ACCOUNT}


def test_company_only_lead_merged_into_an_existing_account_hands_over_its_details(alice):
    account = make_account(alice, name="Umbrella", email="hq@umbrella.example")
    lead = make_lead(
        alice, company_name="Umbrella Corp", email="info@umbrella.example", phone="+1 202 555 0143"
    )
    services.lead_convert(actor=alice, lead=lead, account=account)
    values = set(account.contact_mechs.values_list("contact_mech__value", flat=True))
    assert values == {"hq@umbrella.example", "info@umbrella.example", "+12025550143"}
    # The account keeps its own primary e-mail; the lead's one came along without the purpose.
    primary = account.contact_mechs.get(
        purposes__purpose=ContactMechPurpose.PRIMARY_EMAIL, purposes__thru_date__isnull=True
    )
    assert primary.contact_mech.value == "hq@umbrella.example"
    lead.party.refresh_from_db()
    assert lead.party.status == "disabled"


def test_person_lead_without_company_needs_an_account(alice):
    lead = make_lead(alice, first_name="Solo", last_name="Person")
    with pytest.raises(ValidationError) as exc:
        services.lead_convert(actor=alice, lead=lead)
    assert "account_name" in exc.value.message_dict
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_converting_twice_is_refused(alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    services.lead_convert(actor=alice, lead=lead)
    with pytest.raises(ValidationError, match="already converted"):
        services.lead_convert(actor=alice, lead=lead)
    assert Party.objects.filter(kind=PartyKind.ORGANIZATION).count() == 1


def test_a_disqualified_lead_cannot_be_converted(alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    services.lead_set_status(actor=alice, lead=lead, status="DISQUALIFIED", reason="Spam")
    with pytest.raises(ValidationError):
        services.lead_convert(actor=alice, lead=lead)


def test_a_viewer_cannot_convert(alice, bob):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    with pytest.raises(PermissionDenied):
        services.lead_convert(actor=bob, lead=lead)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_a_failure_in_the_middle_leaves_nothing(alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    with (
        mock.patch(
            "parties.services.employment_start", side_effect=RuntimeError("database went away")
        ),
        pytest.raises(RuntimeError),
    ):
        services.lead_convert(actor=alice, lead=lead)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW
    assert not Party.objects.filter(kind=PartyKind.ORGANIZATION).exists()
    assert _roles(lead.party) == {RoleType.LEAD}
    assert not PartyGroupObjectPermission.objects.exclude(content_object=lead.party).exists()


def test_convert_with_an_opportunity_carrying_lead_source_and_campaign(alice, bob, dan, mark):
    import datetime

    from opportunities.models import Opportunity, OpportunityStage
    from parties.services import party_share
    from tests.factories import make_campaign

    campaign = make_campaign(mark)
    source = LeadSource.objects.get(code="trade-show")
    lead = make_lead(
        alice,
        first_name="Ann",
        last_name="Lee",
        company_name="Initech",
        source=source,
        campaign=campaign,
    )
    party_share(actor=alice, party=lead.party, action="view", user=dan)
    conversion = services.lead_convert(
        actor=alice,
        lead=lead,
        opportunity={
            "name": "Initech - 50 seats",
            "amount": 12000,
            "expected_close_date": datetime.date(2027, 3, 31),
            "stage": OpportunityStage.objects.get(name="Qualification"),
        },
    )
    deal = Opportunity.objects.get()
    assert conversion.opportunity == deal
    assert (deal.account, deal.primary_contact) == (conversion.account, lead.party)
    assert (deal.lead_id, deal.lead_source, deal.campaign) == (lead.pk, source, campaign)
    assert (deal.owner, deal.probability, deal.amount) == (alice, 20, 12000)
    from opportunities.selectors import opportunities_visible_to

    assert opportunities_visible_to(bob).filter(pk=deal.pk).exists()  # alice's team
    assert opportunities_visible_to(dan).filter(pk=deal.pk).exists()  # the lead was shared
    assert not opportunities_visible_to(mark).filter(pk=deal.pk).exists()


def test_a_bad_opportunity_leaves_nothing_converted(alice):
    import datetime

    from opportunities.models import Opportunity, OpportunityStage

    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    with pytest.raises(ValidationError):
        services.lead_convert(
            actor=alice,
            lead=lead,
            opportunity={
                "name": "Initech - 50 seats",
                "amount": -5,
                "expected_close_date": datetime.date(2027, 3, 31),
                "stage": OpportunityStage.objects.get(name="Qualification"),
            },
        )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW
    assert not Opportunity.objects.exists()
    assert not Party.objects.filter(kind=PartyKind.ORGANIZATION).exists()
