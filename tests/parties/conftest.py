"""Fixtures of the party page tests."""

import pytest

from tests.factories import make_contact


@pytest.fixture
def contact(alice):
    """alice's contact Ada Byron, version 1, with no contact mechanisms."""
    return make_contact(alice, first_name="Ada", last_name="Byron")
