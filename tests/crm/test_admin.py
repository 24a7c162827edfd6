import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import make_account, make_contact, make_customer

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
IDS = [model._meta.label for model in MODELS]


@pytest.fixture
def populated(alice, dan):
    account = make_account(alice, phone="+44 20 7946 0100")
    make_contact(alice, email="x@example.com", account=account)
    make_customer(dan)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_admin_changelist_and_search_render(client, admin_user, populated, model):
    client.force_login(admin_user)
    url = admin_url(model, "changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "example"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_admin_change_or_add_page_renders(client, admin_user, populated, model):
    client.force_login(admin_user)
    obj = model._default_manager.first()
    if obj is None:  # e.g. login attempts: nothing recorded yet
        assert client.get(admin_url(model, "changelist")).status_code == 200
        return
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_admin_creates_a_party_with_owner_grants(client, admin_user, alice):
    from crm import access
    from parties.models import Party

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:parties_party_add"),
        {
            "kind": "organization",
            "name": "Initech",
            "status": "active",
            "owner": alice.pk,
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-role": "ACCOUNT",
            "contact_mechs-TOTAL_FORMS": "0",
            "contact_mechs-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    party = Party.objects.get(name="Initech")
    assert party.display_name == "Initech"
    assert access.granted_actions(alice, party) == set(access.OWNER_ACTIONS)
