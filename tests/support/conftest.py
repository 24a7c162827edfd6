"""Fixtures of the support tests: a support team with erin in it, its queue (with service
levels) and a customer of alice's."""

import pytest

from tests.factories import make_customer, make_team
from tests.support import make_levels, make_queue


@pytest.fixture
def support_team(role_groups):
    return make_team("Support")


@pytest.fixture
def queue(support_team, erin):
    make_levels()
    erin.profile.home_team = support_team
    erin.profile.save()
    erin.groups.add(support_team.group)
    return make_queue(support_team, name="Berlin support")


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Cathy", last_name="Customer")
