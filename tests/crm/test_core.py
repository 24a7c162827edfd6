"""The shared core's building blocks: the id parser, the cursor decoder, hooks, and the panel
and search registries."""

import base64
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from crm import panels, search
from crm.hooks import Hook
from crm.ids import MAX_ID, parse_id, parse_ids
from crm.pagination import decode_cursor, encode_cursor
from crm.records import RecordType


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (7, 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (MAX_ID + 1, None),
        ("99999999999999999999999", None),
        ("0", None),
        ("-3", None),
        ("1.5", None),
        ("1e3", None),
        ("١٢", None),  # Arabic-Indic digits are digits to Python, not to the database
        ("", None),
        (None, None),
        (True, None),
        ([1], None),
    ],
)
def test_parse_id_accepts_only_64_bit_positive_integers(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_refuses_the_whole_list_for_one_bad_id():
    assert parse_ids(["1", "2"]) == [1, 2]
    assert parse_ids(["1", "18446744073709551616"]) is None


def _cursor(value, pk) -> str:
    raw = json.dumps([value, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_a_cursor_round_trips():
    assert decode_cursor(encode_cursor(Decimal("12.50"), 3), "DecimalField") == (
        Decimal("12.50"),
        3,
    )


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN", "1e400", "abc"])
def test_a_cursor_whose_amount_is_not_a_finite_amount_is_refused(value):
    assert decode_cursor(_cursor(value, 1), "DecimalField") is None


@pytest.mark.parametrize("pk", [0, -1, 2**63, 2**70, True, "1", 1.5])
def test_a_cursor_whose_id_is_not_an_id_is_refused(pk):
    assert decode_cursor(_cursor("Ann", pk)) is None


@pytest.mark.parametrize(
    ("value", "field_type"),
    [
        ("Ann\x00", "CharField"),
        ("x" * 1001, "CharField"),
        ("2026-13-01", "DateField"),
        ("2026-01-01T10:00:00", "DateTimeField"),  # no zone: not one of ours
    ],
)
def test_a_cursor_with_a_key_the_database_cannot_compare_is_refused(value, field_type):
    assert decode_cursor(_cursor(value, 1), field_type) is None


def test_a_cursor_that_is_not_base64_json_is_refused():
    assert decode_cursor("%%%") is None
    assert decode_cursor(base64.urlsafe_b64encode(b"[1]").decode()) is None


@pytest.mark.django_db
def test_a_hook_calls_its_receivers_in_order_inside_the_transaction():
    hook, calls = Hook("test"), []
    hook.register(lambda **kw: calls.append(("first", kw)))
    second = hook.register(lambda **kw: calls.append(("second", kw)))
    hook.register(second)  # once only, however often ready() runs
    with transaction.atomic():
        hook.run(record=1)
    assert calls == [("first", {"record": 1}), ("second", {"record": 1})]


@pytest.mark.django_db(transaction=True)
def test_a_hook_refuses_to_run_outside_a_transaction():
    hook = Hook("test")
    with pytest.raises(RuntimeError, match="inside the write's transaction"):
        hook.run()


@pytest.mark.django_db
def test_a_receiver_that_fails_rolls_the_write_back():
    from django.contrib.auth.models import Group

    hook = Hook("test")

    def fail(**kwargs):
        raise ValueError("no")

    hook.register(fail)
    with pytest.raises(ValueError), transaction.atomic():
        Group.objects.create(name="written")
        hook.run()
    assert not Group.objects.filter(name="written").exists()


THING = RecordType("thing", load=lambda user, pk: None)


def test_panels_show_in_order_and_only_when_they_have_something_to_show(rf):
    panels.register(
        THING, panel=panels.Panel("late", "late.html", lambda r, rec, **p: {"n": 2}, order=20)
    )
    panels.register(
        THING, panel=panels.Panel("early", "early.html", lambda r, rec, **p: {"n": 1}, order=10)
    )
    panels.register(THING, panel=panels.Panel("none", "none.html", lambda r, rec, **p: None))
    shown = panels.panels_for(THING, rf.get("/"), object())
    assert [(p.name, p.context) for p in shown] == [("early", {"n": 1}), ("late", {"n": 2})]


def test_two_different_panels_with_one_name_are_refused():
    panels.register(THING, panel=panels.Panel("twice", "a.html", dict))
    with pytest.raises(ImproperlyConfigured):
        panels.register(THING, panel=panels.Panel("twice", "b.html", dict))


def test_search_groups_kinds_with_counts_and_skips_kinds_without_matches(
    django_user_model, monkeypatch
):
    monkeypatch.setattr(search, "_kinds", {})  # only this test's kinds

    def found(count):
        return lambda user, query, limit: search.Found(
            [search.Hit(f"{query} {i}", f"/x/{i}/") for i in range(min(count, limit))], count
        )

    search.register(search.SearchKind("test-many", "Many", found(150)))
    search.register(search.SearchKind("test-none", "None", found(0)))
    user = django_user_model(username="u")
    assert [kind.name for kind in search.kinds(user)] == ["test-many", "test-none"]
    groups = {g.kind.name: g for g in search.search(user, "abc", per_kind=3)}
    assert "test-none" not in groups
    many = groups["test-many"]
    assert (len(many.hits), many.more, many.shown_count) == (3, True, f"{search.COUNT_CAP}+")
    assert [g.kind.name for g in search.search(user, "abc", only="test-many")] == ["test-many"]
    assert search.search(user, "a") == []  # shorter than MIN_LENGTH
