import pytest

from tests.factories import make_contact

pytestmark = pytest.mark.django_db


def test_contact_page_shows_contact_to_owner(client_for, alice):
    contact = make_contact(
        alice,
        first_name="Ada",
        last_name="Lovelace",
        email="Ada@Example.com",
        phone="+44 20 7946 0123",
    )
    response = client_for(alice).get(f"/contacts/{contact.pk}/")
    assert response.status_code == 200
    assert "Ada Lovelace" in response.content.decode()
    assert "ada@example.com" in response.content.decode()
