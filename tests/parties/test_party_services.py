"""The Party core's write services and the access rules they set up."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm import access
from crm.exceptions import ConcurrentUpdate
from crm.models import AccessChange, GrantCause
from parties import selectors, services
from parties.models import (
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyContactMech,
    PartyGroupObjectPermission,
    PartyKind,
    PartyRelationship,
    PartyRole,
    PartyStatus,
    PartyUserObjectPermission,
    RelationshipKind,
    RoleType,
)
from tests.factories import make_account, make_contact, make_customer

pytestmark = pytest.mark.django_db

SHIPPING = {
    "address1": "1 High Street",
    "city": "London",
    "postal_code": "N1 9GU",
    "country": "GB",
}
BILLING = {
    "address1": "99 Counting House Lane",
    "city": "Leeds",
    "postal_code": "LS1 4AP",
    "country": "GB",
}


def user_codenames(party: Party, user) -> set[str]:
    return set(
        PartyUserObjectPermission.objects.filter(content_object=party, user=user).values_list(
            "permission__codename", flat=True
        )
    )


def team_codenames(party: Party, team) -> set[str]:
    return set(
        PartyGroupObjectPermission.objects.filter(
            content_object=party, group=team.group
        ).values_list("permission__codename", flat=True)
    )


def roles_of(party: Party) -> set[str]:
    return set(PartyRole.objects.filter(party=party).values_list("role", flat=True))


def access_changes(party: Party):
    return AccessChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Party), object_id=party.pk
    )


def postal_mechs(party: Party) -> list[PartyContactMech]:
    return list(
        PartyContactMech.objects.filter(
            party=party, contact_mech__kind=ContactMechKind.POSTAL_ADDRESS
        ).select_related("contact_mech")
    )


def current_purposes(pcm: PartyContactMech) -> set[str]:
    return set(pcm.purposes.filter(thru_date__isnull=True).values_list("purpose", flat=True))


OWNER_CODENAMES = {"view_party", "change_party", "delete_party", "share_party"}


# Creating parties --------------------------------------------------------------------------


def test_party_create_stores_kind_roles_and_creator(alice):
    party = services.party_create(
        actor=alice,
        kind=PartyKind.ORGANIZATION,
        roles=[RoleType.ACCOUNT, RoleType.PARTNER],
        name="Acme Ltd",
    )
    party.refresh_from_db()
    assert party.kind == PartyKind.ORGANIZATION
    assert roles_of(party) == {RoleType.ACCOUNT, RoleType.PARTNER}
    assert party.owner == alice
    assert party.created_by == alice
    assert party.status == PartyStatus.ACTIVE
    assert party.version == 1


def test_party_create_with_other_owner_grants_that_owner(alice, bob):
    party = services.party_create(
        actor=alice,
        kind=PartyKind.PERSON,
        roles=[RoleType.CONTACT],
        owner=bob,
        first_name="Ada",
        last_name="Lovelace",
    )
    assert party.owner == bob
    assert user_codenames(party, bob) == OWNER_CODENAMES
    assert user_codenames(party, alice) == set()


def test_party_create_person_display_name_joins_name_parts(alice):
    party = services.party_create(
        actor=alice,
        kind=PartyKind.PERSON,
        roles=[RoleType.CONTACT],
        salutation="Dr",
        first_name="  Ada ",
        middle_name="B.",
        last_name="Lovelace",
        suffix="Jr",
    )
    party.refresh_from_db()
    assert party.display_name == "Ada B. Lovelace Jr"


def test_party_create_organization_display_name_is_its_name(alice):
    party = services.party_create(
        actor=alice, kind=PartyKind.ORGANIZATION, roles=[RoleType.ACCOUNT], name=" Acme Ltd "
    )
    party.refresh_from_db()
    assert party.display_name == "Acme Ltd"


def test_party_create_person_without_last_name_is_refused(alice):
    with pytest.raises(ValidationError) as exc:
        services.party_create(
            actor=alice, kind=PartyKind.PERSON, roles=[RoleType.CONTACT], first_name="Ada"
        )
    assert "last_name" in exc.value.message_dict
    assert not Party.objects.exists()


def test_party_create_person_with_blank_first_name_is_refused(alice):
    with pytest.raises(ValidationError) as exc:
        services.party_create(
            actor=alice,
            kind=PartyKind.PERSON,
            roles=[RoleType.CONTACT],
            first_name="   ",
            last_name="Lovelace",
        )
    assert "first_name" in exc.value.message_dict
    assert not Party.objects.exists()


def test_party_create_organization_without_name_is_refused(alice):
    with pytest.raises(ValidationError) as exc:
        services.party_create(
            actor=alice, kind=PartyKind.ORGANIZATION, roles=[RoleType.ACCOUNT], name=""
        )
    assert "name" in exc.value.message_dict
    assert not Party.objects.exists()


def test_party_create_gives_owner_every_action(alice):
    party = make_contact(alice)
    assert user_codenames(party, alice) == OWNER_CODENAMES
    causes = set(
        PartyUserObjectPermission.objects.filter(content_object=party, user=alice).values_list(
            "cause", flat=True
        )
    )
    assert causes == {GrantCause.OWNER}


def test_party_create_gives_owners_team_view_only(alice, team_east):
    party = make_contact(alice)
    assert team_codenames(party, team_east) == {"view_party"}
    grant = PartyGroupObjectPermission.objects.get(content_object=party, group=team_east.group)
    assert grant.cause == GrantCause.TEAM
    assert grant.granted_by == alice


def test_party_create_gives_other_team_nothing(alice, team_west):
    party = make_contact(alice)
    assert team_codenames(party, team_west) == set()


def test_party_create_grant_rows_carry_cause_and_granter(alice, team_east):
    party = make_contact(alice)
    owner_rows = PartyUserObjectPermission.objects.filter(content_object=party, user=alice)
    assert {(r.cause, r.granted_by_id) for r in owner_rows} == {(GrantCause.OWNER, alice.pk)}
    team_row = PartyGroupObjectPermission.objects.get(content_object=party, group=team_east.group)
    assert (team_row.cause, team_row.permission.codename) == (GrantCause.TEAM, "view_party")


def test_contact_create_is_person_with_contact_role_and_primary_mechs(alice):
    contact = services.contact_create(
        actor=alice,
        first_name="Ada",
        last_name="Lovelace",
        email="Ada@Example.com",
        phone="+44 20 7946 0123",
    )
    assert contact.kind == PartyKind.PERSON
    assert roles_of(contact) == {RoleType.CONTACT}
    values = dict(
        PartyContactMech.objects.filter(party=contact).values_list(
            "purposes__purpose", "contact_mech__value"
        )
    )
    assert values == {
        ContactMechPurpose.PRIMARY_EMAIL: "ada@example.com",
        ContactMechPurpose.PRIMARY_PHONE: "+442079460123",
    }


def test_contact_create_with_account_starts_employment_with_job_title(alice):
    account = make_account(alice, name="Analytical Engines")
    contact = make_contact(alice, job_title="Programmer", account=account)
    relationship = PartyRelationship.objects.get(from_party=contact)
    assert relationship.to_party == account
    assert relationship.kind == RelationshipKind.EMPLOYMENT
    assert relationship.title == "Programmer"
    assert relationship.thru_date is None


def test_contact_create_with_bad_email_saves_nothing(alice):
    with pytest.raises(ValidationError):
        services.contact_create(
            actor=alice, first_name="Ada", last_name="Lovelace", email="not-an-email"
        )
    assert not Party.objects.exists()
    assert not PartyContactMech.objects.exists()


def test_account_create_is_organization_with_account_role_and_website(alice):
    account = services.account_create(actor=alice, name="Acme Ltd", website="acme.example")
    assert account.kind == PartyKind.ORGANIZATION
    assert roles_of(account) == {RoleType.ACCOUNT}
    web = PartyContactMech.objects.get(party=account, contact_mech__kind=ContactMechKind.WEB)
    assert web.contact_mech.value == "https://acme.example"
    assert current_purposes(web) == {ContactMechPurpose.PRIMARY_WEB_URL}


def test_customer_create_person_is_b2c_customer(alice):
    customer = make_customer(alice, first_name="Cathy", last_name="Customer")
    assert customer.kind == PartyKind.PERSON
    assert roles_of(customer) == {RoleType.CUSTOMER}
    assert customer.display_name == "Cathy Customer"
    assert customer.payment_preference == "credit_card"


def test_customer_create_organization_is_b2b_customer(alice):
    customer = make_customer(alice, kind=PartyKind.ORGANIZATION, name="Bulk Buyers plc")
    assert customer.kind == PartyKind.ORGANIZATION
    assert roles_of(customer) == {RoleType.CUSTOMER}
    assert customer.display_name == "Bulk Buyers plc"


def test_customer_create_without_billing_uses_shipping_address_for_both(alice):
    customer = make_customer(alice, shipping_address=SHIPPING)
    [address] = postal_mechs(customer)
    assert current_purposes(address) == {
        ContactMechPurpose.SHIPPING_LOCATION,
        ContactMechPurpose.BILLING_LOCATION,
    }
    assert address.contact_mech.city == "London"
    assert address.contact_mech.country.code == "GB"


def test_customer_create_with_billing_stores_separate_billing_address(alice):
    customer = make_customer(alice, shipping_address=SHIPPING, billing_address=BILLING)
    by_city = {pcm.contact_mech.city: current_purposes(pcm) for pcm in postal_mechs(customer)}
    assert by_city == {
        "London": {ContactMechPurpose.SHIPPING_LOCATION},
        "Leeds": {ContactMechPurpose.BILLING_LOCATION},
    }


def test_customer_create_with_incomplete_billing_address_saves_nothing(alice):
    with pytest.raises(ValidationError) as exc:
        make_customer(
            alice, shipping_address=SHIPPING, billing_address={"address1": "", "country": "GB"}
        )
    assert "address1" in exc.value.message_dict
    assert "city" in exc.value.message_dict
    assert not Party.objects.exists()
    assert not PartyContactMech.objects.exists()


# Editing -----------------------------------------------------------------------------------


def test_party_update_saves_fields_and_bumps_version(alice, bob):
    contact = make_contact(alice, first_name="Ada", last_name="Byron")
    updated = services.party_update(
        actor=bob, party=contact, expected_version=1, last_name="Lovelace"
    )
    contact.refresh_from_db()
    assert updated.version == 2
    assert contact.version == 2
    assert contact.last_name == "Lovelace"
    assert contact.display_name == "Ada Lovelace"
    assert contact.updated_by == bob


def test_party_update_with_stale_version_raises_concurrent_update(alice):
    contact = make_contact(alice, first_name="Ada", last_name="Byron")
    services.party_update(actor=alice, party=contact, expected_version=1, job_title="Countess")
    with pytest.raises(ConcurrentUpdate):
        services.party_update(actor=alice, party=contact, expected_version=1, last_name="Lovelace")


def test_party_update_with_stale_version_changes_nothing(alice, bob):
    contact = make_contact(alice, first_name="Ada", last_name="Byron")
    services.party_update(actor=alice, party=contact, expected_version=1, job_title="Countess")
    with pytest.raises(ConcurrentUpdate):
        services.party_update(
            actor=bob, party=contact, expected_version=1, last_name="Lovelace", job_title=""
        )
    contact.refresh_from_db()
    assert contact.last_name == "Byron"
    assert contact.job_title == "Countess"
    assert contact.display_name == "Ada Byron"
    assert contact.version == 2
    assert contact.updated_by == alice


def test_party_update_with_blank_required_name_changes_nothing(alice):
    contact = make_contact(alice, first_name="Ada", last_name="Byron")
    with pytest.raises(ValidationError) as exc:
        services.party_update(actor=alice, party=contact, expected_version=1, last_name=" ")
    assert "last_name" in exc.value.message_dict
    contact.refresh_from_db()
    assert contact.last_name == "Byron"
    assert contact.version == 1


def test_party_set_status_disables_and_bumps_version(alice, bob):
    contact = make_contact(alice)
    services.party_set_status(actor=bob, party=contact, status=PartyStatus.DISABLED)
    contact.refresh_from_db()
    assert contact.status == PartyStatus.DISABLED
    assert contact.version == 2
    assert contact.updated_by == bob


def test_party_set_status_to_current_status_changes_nothing(alice):
    contact = make_contact(alice)
    services.party_set_status(actor=alice, party=contact, status=PartyStatus.ACTIVE)
    contact.refresh_from_db()
    assert contact.status == PartyStatus.ACTIVE
    assert contact.version == 1


def test_party_set_status_reactivates_disabled_party(alice):
    contact = make_contact(alice)
    services.party_set_status(actor=alice, party=contact, status=PartyStatus.DISABLED)
    services.party_set_status(actor=alice, party=contact, status=PartyStatus.ACTIVE)
    contact.refresh_from_db()
    assert contact.status == PartyStatus.ACTIVE
    assert contact.version == 3


def test_party_set_status_rejects_unknown_status(alice):
    contact = make_contact(alice)
    with pytest.raises(ValueError):
        services.party_set_status(actor=alice, party=contact, status="deleted")
    contact.refresh_from_db()
    assert contact.status == PartyStatus.ACTIVE


def test_disabled_party_stays_visible_to_owner(alice):
    contact = make_contact(alice)
    services.party_set_status(actor=alice, party=contact, status=PartyStatus.DISABLED)
    assert selectors.parties_visible_to(alice).filter(pk=contact.pk).exists()


# Relationships -----------------------------------------------------------------------------


def test_employment_start_creates_current_relationship(alice):
    person = make_contact(alice)
    account = make_account(alice)
    rel = services.employment_start(
        actor=alice,
        person=person,
        organization=account,
        title=" Engineer ",
        from_date=datetime.date(2024, 1, 15),
    )
    rel.refresh_from_db()
    assert rel.from_party == person
    assert rel.to_party == account
    assert rel.kind == RelationshipKind.EMPLOYMENT
    assert rel.title == "Engineer"
    assert rel.from_date == datetime.date(2024, 1, 15)
    assert rel.thru_date is None
    assert rel.created_by == alice


def test_employment_start_twice_at_same_account_is_refused(alice):
    person = make_contact(alice, first_name="Ada", last_name="Lovelace")
    account = make_account(alice, name="Acme Ltd")
    services.employment_start(actor=alice, person=person, organization=account)
    with pytest.raises(ValidationError) as exc:
        services.employment_start(actor=alice, person=person, organization=account)
    assert "Ada Lovelace already works at Acme Ltd." in exc.value.messages
    assert PartyRelationship.objects.count() == 1


def test_employment_start_refuses_organization_as_employee(alice):
    account = make_account(alice)
    other = make_account(alice)
    with pytest.raises(ValidationError):
        services.employment_start(actor=alice, person=account, organization=other)
    assert not PartyRelationship.objects.exists()


def test_employment_start_refuses_person_as_employer(alice):
    person = make_contact(alice)
    other = make_contact(alice)
    with pytest.raises(ValidationError):
        services.employment_start(actor=alice, person=person, organization=other)
    assert not PartyRelationship.objects.exists()


def test_relationship_end_keeps_row_with_thru_date(alice):
    person = make_contact(alice)
    account = make_account(alice)
    rel = services.employment_start(
        actor=alice, person=person, organization=account, from_date=datetime.date(2020, 1, 1)
    )
    services.relationship_end(actor=alice, relationship=rel)
    rel.refresh_from_db()
    assert rel.thru_date == timezone.localdate()
    assert PartyRelationship.objects.filter(pk=rel.pk).exists()


def test_relationship_end_twice_keeps_first_thru_date(alice):
    person = make_contact(alice)
    account = make_account(alice)
    rel = services.employment_start(
        actor=alice, person=person, organization=account, from_date=datetime.date(2020, 1, 1)
    )
    services.relationship_end(actor=alice, relationship=rel, thru_date=datetime.date(2021, 6, 30))
    services.relationship_end(actor=alice, relationship=rel, thru_date=datetime.date(2022, 1, 1))
    rel.refresh_from_db()
    assert rel.thru_date == datetime.date(2021, 6, 30)


def test_relationship_end_never_before_from_date(alice):
    person = make_contact(alice)
    account = make_account(alice)
    rel = services.employment_start(
        actor=alice, person=person, organization=account, from_date=datetime.date(2024, 5, 1)
    )
    services.relationship_end(actor=alice, relationship=rel, thru_date=datetime.date(2024, 1, 1))
    rel.refresh_from_db()
    assert rel.thru_date == datetime.date(2024, 5, 1)


def test_employment_can_restart_after_it_ended(alice):
    person = make_contact(alice)
    account = make_account(alice)
    first = services.employment_start(
        actor=alice, person=person, organization=account, from_date=datetime.date(2020, 1, 1)
    )
    services.relationship_end(actor=alice, relationship=first)
    services.employment_start(actor=alice, person=person, organization=account)
    rows = PartyRelationship.objects.filter(from_party=person, to_party=account)
    assert rows.count() == 2
    assert rows.filter(thru_date__isnull=True).count() == 1


# Sharing and reassigning -------------------------------------------------------------------


def test_party_share_view_lets_user_see_party(alice, dan):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.VIEW, user=dan)
    assert selectors.parties_visible_to(dan).filter(pk=contact.pk).exists()
    assert selectors.party_actions(dan, contact) == {access.VIEW}


def test_party_share_change_includes_view(alice, dan):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.CHANGE, user=dan)
    assert user_codenames(contact, dan) == {"view_party", "change_party"}
    causes = set(
        PartyUserObjectPermission.objects.filter(content_object=contact, user=dan).values_list(
            "cause", flat=True
        )
    )
    assert causes == {GrantCause.SHARE}


def test_party_share_with_team_lets_its_members_see_party(alice, dan, team_west):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.VIEW, team=team_west)
    assert team_codenames(contact, team_west) == {"view_party"}
    assert selectors.parties_visible_to(dan).filter(pk=contact.pk).exists()


def test_party_share_refuses_delete(alice, dan):
    contact = make_contact(alice)
    with pytest.raises(ValidationError):
        services.party_share(actor=alice, party=contact, action=access.DELETE, user=dan)
    assert user_codenames(contact, dan) == set()


def test_party_share_records_grant_with_actor(alice, dan):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.CHANGE, user=dan)
    rows = access_changes(contact).filter(user=dan, action=AccessChange.Action.GRANT)
    assert set(rows.values_list("permission", "actor")) == {
        ("view", alice.pk),
        ("change", alice.pk),
    }


def test_party_unshare_view_hides_party_again(alice, dan):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.CHANGE, user=dan)
    services.party_unshare(actor=alice, party=contact, action=access.VIEW, user=dan)
    assert user_codenames(contact, dan) == set()
    assert not selectors.parties_visible_to(dan).filter(pk=contact.pk).exists()


def test_party_unshare_change_keeps_view(alice, dan):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.CHANGE, user=dan)
    services.party_unshare(actor=alice, party=contact, action=access.CHANGE, user=dan)
    assert user_codenames(contact, dan) == {"view_party"}


def test_party_unshare_records_revocation_with_actor(alice, dan):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.VIEW, user=dan)
    services.party_unshare(actor=alice, party=contact, action=access.VIEW, user=dan)
    revoked = access_changes(contact).filter(action=AccessChange.Action.REVOKE)
    assert list(revoked.values_list("permission", "user", "actor")) == [("view", dan.pk, alice.pk)]


def test_party_unshare_refuses_to_revoke_owner(alice):
    contact = make_contact(alice)
    with pytest.raises(ValidationError):
        services.party_unshare(actor=alice, party=contact, action=access.VIEW, user=alice)
    assert user_codenames(contact, alice) == OWNER_CODENAMES


def test_party_unshare_team_removes_team_view(alice, bob, team_east):
    contact = make_contact(alice)
    services.party_unshare(actor=alice, party=contact, action=access.VIEW, team=team_east)
    assert team_codenames(contact, team_east) == set()
    assert not selectors.parties_visible_to(bob).filter(pk=contact.pk).exists()


def test_party_reassign_lets_new_owner_act_on_party(alice, carol, dan):
    contact = make_contact(alice)
    services.party_reassign(actor=carol, party=contact, new_owner=dan)
    contact.refresh_from_db()
    assert contact.owner == dan
    assert user_codenames(contact, dan) == OWNER_CODENAMES
    # The owner's actions, and with change the right to correct contact details and consent.
    assert selectors.party_actions(dan, contact) == {*access.OWNER_ACTIONS, selectors.CONTACT}


def test_party_reassign_removes_old_owners_grants(alice, carol, dan):
    contact = make_contact(alice)
    services.party_reassign(actor=carol, party=contact, new_owner=dan)
    assert user_codenames(contact, alice) == set()
    assert not selectors.parties_visible_to(alice).filter(pk=contact.pk).exists()


def test_party_reassign_moves_team_grant_to_new_owners_team(
    alice, bob, carol, dan, team_east, team_west
):
    contact = make_contact(alice)
    services.party_reassign(actor=carol, party=contact, new_owner=dan)
    assert team_codenames(contact, team_east) == set()
    assert team_codenames(contact, team_west) == {"view_party"}
    assert not selectors.parties_visible_to(bob).filter(pk=contact.pk).exists()


def test_party_reassign_keeps_grants_made_by_sharing(alice, carol, dan, erin):
    contact = make_contact(alice)
    services.party_share(actor=alice, party=contact, action=access.CHANGE, user=erin)
    services.party_reassign(actor=carol, party=contact, new_owner=dan)
    assert user_codenames(contact, erin) == {"view_party", "change_party"}


def test_party_reassign_records_change_of_owner_with_actor(alice, carol, dan):
    contact = make_contact(alice)
    services.party_reassign(actor=carol, party=contact, new_owner=dan)
    change = access_changes(contact).get(action=AccessChange.Action.REASSIGN)
    assert change.actor == carol
    assert change.user == dan
    assert change.note == "alice → dan"


def test_party_reassign_to_same_owner_changes_nothing(alice):
    contact = make_contact(alice)
    before = access_changes(contact).count()
    services.party_reassign(actor=alice, party=contact, new_owner=alice)
    assert access_changes(contact).count() == before
    assert user_codenames(contact, alice) == OWNER_CODENAMES


# Who sees what -----------------------------------------------------------------------------


def test_owner_sees_own_party(alice):
    contact = make_contact(alice)
    assert list(selectors.parties_visible_to(alice)) == [contact]


def test_team_mate_sees_party_read_only(alice, bob):
    contact = make_contact(alice)
    assert selectors.parties_visible_to(bob).filter(pk=contact.pk).exists()
    assert selectors.party_actions(bob, contact) == {access.VIEW}


def test_other_team_sees_nothing_until_shared(alice, dan):
    contact = make_contact(alice)
    make_account(alice)
    make_customer(alice)
    assert not selectors.parties_visible_to(dan).exists()
    assert selectors.party_actions(dan, contact) == set()


def test_customer_service_sees_every_customer(alice, dan, erin):
    alices = make_customer(alice)
    dans = make_customer(dan, kind=PartyKind.ORGANIZATION, name="West Buyers")
    visible = set(selectors.parties_visible_to(erin))
    assert visible == {alices, dans}
    # Customer Service corrects any customer's contact details, payment and consent, no more.
    assert selectors.party_actions(erin, dans) == {access.VIEW, selectors.CONTACT}


def test_customer_service_does_not_see_non_customer_contacts(alice, erin):
    contact = make_contact(alice)
    account = make_account(alice)
    visible = selectors.parties_visible_to(erin)
    assert not visible.filter(pk__in=[contact.pk, account.pk]).exists()
    assert selectors.party_actions(erin, contact) == set()


def test_contact_becoming_customer_is_visible_to_customer_service(alice, erin):
    contact = make_contact(alice)
    services.party_role_add(party=contact, role=RoleType.CUSTOMER)
    assert selectors.parties_visible_to(erin).filter(pk=contact.pk).exists()


def test_administrator_sees_all_parties(alice, dan, admin_user):
    parties = {make_contact(alice), make_account(dan), make_customer(dan)}
    assert set(selectors.parties_visible_to(admin_user)) == parties
    for party in parties:
        assert selectors.party_actions(admin_user, party) == {
            *access.OWNER_ACTIONS,
            selectors.CONTACT,
        }


def test_manager_sees_team_records(alice, bob, carol):
    parties = {make_contact(alice), make_account(bob)}
    assert set(selectors.parties_visible_to(carol)) == parties


def test_manager_does_not_see_other_teams_records(carol, dan):
    make_contact(dan)
    assert not selectors.parties_visible_to(carol).exists()


def test_manager_may_reassign_team_members_record(alice, carol):
    contact = make_contact(alice)
    assert access.can_reassign(carol, contact)


def test_owner_may_reassign_own_record(alice):
    assert access.can_reassign(alice, make_contact(alice))


def test_administrator_may_reassign_any_record(dan, admin_user):
    assert access.can_reassign(admin_user, make_contact(dan))


def test_team_mate_may_not_reassign(alice, bob):
    assert not access.can_reassign(bob, make_contact(alice))


def test_other_teams_manager_may_not_reassign(carol, dan):
    assert not access.can_reassign(carol, make_contact(dan))


def test_accounts_for_choice_lists_only_visible_accounts(alice, dan):
    mine = make_account(alice, name="Acme Ltd")
    make_account(dan, name="West Corp")
    make_contact(alice)
    assert list(selectors.accounts_for_choice(alice)) == [mine]


def test_contacts_for_choice_lists_only_visible_contacts(alice, dan):
    mine = make_contact(alice)
    make_contact(dan)
    make_account(alice)
    assert list(selectors.contacts_for_choice(alice)) == [mine]


def test_relationships_for_hides_name_of_unseen_party(alice, dan):
    contact = make_contact(alice)
    hidden = make_account(dan, name="West Secret Corp")
    services.employment_start(actor=dan, person=contact, organization=hidden)
    [related] = selectors.relationships_for(alice, contact)
    assert related.visible is False
    assert related.page_slug is None


def test_relationships_for_names_visible_party(alice):
    contact = make_contact(alice)
    account = make_account(alice, name="Acme Ltd")
    services.employment_start(actor=alice, person=contact, organization=account)
    [related] = selectors.relationships_for(alice, contact)
    assert related.visible is True
    assert related.other == account
    assert related.page_slug == "accounts"


def _found_contacts(user, text):
    from parties.search import CONTACT_SEARCH

    return [hit.title for hit in CONTACT_SEARCH.search(user, text, 50).hits]


def test_search_finds_only_visible_parties(alice, dan):
    make_contact(alice, first_name="Ada", last_name="Lovelace")
    assert _found_contacts(alice, "lovelace") == ["Ada Lovelace"]
    assert _found_contacts(dan, "lovelace") == []


def test_search_does_not_match_through_unseen_employer(alice, dan):
    contact = make_contact(alice, first_name="Ada", last_name="Lovelace")
    hidden = make_account(dan, name="West Secret Corp")
    services.employment_start(actor=dan, person=contact, organization=hidden)
    assert _found_contacts(alice, "secret") == []


def test_team_write_setting_gives_team_change(settings, alice, team_east):
    settings.CRM_TEAM_ACCESS = {"party": "write"}
    contact = make_contact(alice)
    assert team_codenames(contact, team_east) == {"view_party", "change_party"}


def test_private_setting_gives_team_nothing(settings, alice, bob, team_east):
    settings.CRM_TEAM_ACCESS = {"party": "private"}
    contact = make_contact(alice)
    assert team_codenames(contact, team_east) == set()
    assert not selectors.parties_visible_to(bob).filter(pk=contact.pk).exists()


def test_party_reassign_to_user_without_team_leaves_no_team_grant(alice, erin, team_east):
    contact = make_contact(alice)
    services.party_reassign(actor=alice, party=contact, new_owner=erin)
    assert not PartyGroupObjectPermission.objects.filter(content_object=contact).exists()
    assert user_codenames(contact, erin) == OWNER_CODENAMES


def test_creating_a_party_logs_no_grant_entries_but_sharing_does(alice, dan):
    contact = make_contact(alice)
    assert AccessChange.objects.filter(object_id=contact.pk).count() == 0
    services.party_share(actor=alice, party=contact, action="view", user=dan)
    logged = AccessChange.objects.get(object_id=contact.pk)
    assert (logged.action, logged.permission, logged.user, logged.actor) == (
        "grant",
        "view",
        dan,
        alice,
    )


def test_manager_sees_team_records_without_a_team_grant(alice, bob, carol, dan, settings):
    settings.CRM_TEAM_ACCESS = {"party": "private"}
    contact = make_contact(alice)
    assert contact in selectors.parties_visible_to(carol)
    # A manager changes the team's records (CRM_MANAGERS_CHANGE_TEAM_RECORDS, on by default),
    # but neither shares nor disables them.
    assert selectors.party_actions(carol, contact) == {"view", "change", selectors.CONTACT}
    assert contact not in selectors.parties_visible_to(bob)
    assert contact not in selectors.parties_visible_to(dan)


def test_manager_rule_covers_only_the_teams_they_manage(alice, carol, dan, settings):
    settings.CRM_TEAM_ACCESS = {"party": "private"}
    contact = make_contact(dan)
    assert contact not in selectors.parties_visible_to(carol)
