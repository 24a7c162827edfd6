import pytest

from parties.models import Party
from tests.factories import make_contact

pytestmark = pytest.mark.django_db


def test_any_lookup_matches_like_in(alice):
    contacts = [make_contact(alice) for _ in range(3)]
    ids = [contacts[0].pk, contacts[2].pk, 987654321]
    assert set(Party.objects.filter(pk__any=ids)) == {contacts[0], contacts[2]}


def test_any_lookup_with_no_ids_matches_nothing(alice):
    make_contact(alice)
    assert not Party.objects.filter(pk__any=[]).exists()


def test_any_lookup_takes_more_ids_than_sqlite_allows_parameters(alice):
    contact = make_contact(alice)
    ids = list(range(10_000_000, 10_040_000)) + [contact.pk]
    assert list(Party.objects.filter(pk__any=ids)) == [contact]


def test_any_lookup_refuses_non_integers(alice):
    with pytest.raises((TypeError, ValueError)):
        list(Party.objects.filter(pk__any=["1; DROP TABLE parties_party"]))
