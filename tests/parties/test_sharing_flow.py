"""The foundation issue's acceptance scenario, through the pages as each user sees them."""

import pytest

from parties.models import Party
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


def test_create_share_revoke_scenario(client_for, alice, bob, dan, erin):
    response = client_for(alice).post(
        "/contacts/new/",
        {
            "first_name": "Lise",
            "last_name": "Meitner",
            "email": "LISE@Example.org",
            "phone": "+44 20 7946 0555",
        },
    )
    contact = Party.objects.get(display_name="Lise Meitner")
    url = f"/contacts/{contact.pk}/"
    assert response.status_code == 302 and response["Location"] == url

    # bob, alice's teammate, sees it but cannot edit it.
    bob_client = client_for(bob)
    page = bob_client.get(url)
    assert page.status_code == 200
    assert "lise@example.org" in page.content.decode()
    assert f'href="{url}edit/"' not in page.content.decode()
    assert bob_client.get(f"{url}edit/").status_code == 403

    # dan, in another team, gets 404 and finds it neither in lists nor in search.
    dan_client = client_for(dan)
    assert dan_client.get(url).status_code == 404
    link = f'href="{url}"'
    assert link not in dan_client.get("/contacts/").content.decode()
    for query in ("Meitner", "lise@example.org", "7946 0555"):
        assert link not in dan_client.get(f"/search/?q={query}").content.decode()
    # ...while alice finds it by each of them.
    for query in ("Meitner", "lise@example.org", "7946 0555"):
        assert link in client_for(alice).get(f"/search/?q={query}").content.decode()
    dan_client = client_for(dan)

    # alice shares it with dan: he sees it, in the list and in search too.
    client_for(alice).post(
        f"{url}sharing/", {"operation": "share", "user": dan.pk, "access": "view"}
    )
    dan_client = client_for(dan)
    assert dan_client.get(url).status_code == 200
    assert link in dan_client.get("/contacts/").content.decode()
    assert link in dan_client.get("/search/?q=meitner").content.decode()
    sharing = client_for(alice).get(f"{url}sharing/").content.decode()
    assert "dan" in sharing and "Shared" in sharing

    # alice revokes: dan gets 404 again.
    client_for(alice).post(
        f"{url}sharing/", {"operation": "revoke", "user": dan.pk, "access": "view"}
    )
    assert client_for(dan).get(url).status_code == 404


def test_erin_sees_every_customers_360_page(client_for, alice, dan, erin):
    customers = [make_customer(alice), make_customer(dan, kind="organization", name="Acme")]
    erin_client = client_for(erin)
    listing = erin_client.get("/customers/").content.decode()
    for customer in customers:
        assert customer.display_name in listing
        page = erin_client.get(f"/customers/{customer.pk}/")
        assert page.status_code == 200
        body = page.content.decode()
        for section in ("Profile", "Contact details", "Consent", "Owner and sharing"):
            assert section in body
        assert "Shipping address" in body
