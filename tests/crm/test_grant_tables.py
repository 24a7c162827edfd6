"""Every guarded model's grant tables come from the one base: a user table and a team table,
with guardian's unique (holder, permission, record) index, the "shared with me" index, the
grant columns, and the one admin registration."""

import pytest
from django.apps import apps
from django.contrib import admin
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from crm import access
from crm.admin import GrantAdmin
from crm.models import GrantCause, GroupGrant, UserGrant

pytestmark = pytest.mark.django_db

GRANT_TABLES = [m for m in apps.get_models() if issubclass(m, UserGrant | GroupGrant)]
GUARDED = sorted(
    {m._meta.get_field("content_object").related_model for m in GRANT_TABLES},
    key=lambda m: m._meta.label,
)


def test_the_guarded_models_are_the_ones_the_design_names():
    assert [m._meta.label for m in GUARDED] == [
        "events.Event",
        "forecasts.SalesForecast",
        "opportunities.Opportunity",
        "parties.Party",
        "support.Case",
    ]


@pytest.mark.parametrize("model", GUARDED, ids=lambda m: m._meta.label)
def test_a_guarded_model_has_a_direct_user_table_and_a_direct_team_table(model):
    user_table, group_table = get_user_obj_perms_model(model), get_group_obj_perms_model(model)
    assert issubclass(user_table, UserGrant) and issubclass(group_table, GroupGrant)
    assert access.grant_table(model, "user") is user_table
    assert access.grant_table(model, "group") is group_table


@pytest.mark.parametrize("table", GRANT_TABLES, ids=lambda m: m._meta.label)
def test_a_grant_table_has_its_indexes_and_columns(table):
    holder = "user" if issubclass(table, UserGrant) else "group"
    unique = [list(fields) for fields in table._meta.unique_together]
    assert [holder, "permission", "content_object"] in unique
    assert [holder, "cause", "-granted_at"] in [i.fields for i in table._meta.indexes]
    names = {f.name for f in table._meta.concrete_fields}
    assert {"granted_by", "granted_at", "cause"} <= names
    assert not table._meta.get_field("cause").choices  # checked by the access layer


@pytest.mark.parametrize("table", GRANT_TABLES, ids=lambda m: m._meta.label)
def test_a_grant_table_has_the_one_admin(table):
    model_admin = admin.site._registry[table]
    assert type(model_admin) is GrantAdmin
    assert "granted_by" in model_admin.list_display


def test_an_unknown_cause_is_refused_by_the_access_layer():
    with pytest.raises(ValueError, match="unknown grant cause"):
        access.validate_cause("friendship")
    assert access.validate_cause(GrantCause.SHARE) == "share"


def test_bulk_grant_rows_are_what_the_access_layer_reads(alice, bob):
    from parties.models import Party
    from parties.selectors import parties_visible_to
    from tests.factories import make_contact

    contact = make_contact(alice)
    made = access.bulk_grant(Party, holder="user", pairs=[(contact.pk, bob.pk)], cause="share")
    assert made == 1
    assert contact in parties_visible_to(bob)
    row = access.grant_table(Party, "user").objects.get(user=bob, content_object=contact)
    assert (row.cause, row.permission.codename) == ("share", "view_party")
