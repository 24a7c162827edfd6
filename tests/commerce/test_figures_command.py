"""`manage.py customer_figures`: --check compares the stored figures with a recomputation and
fails on a difference, --rebuild recomputes them, --segments the RFM boundaries."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commerce.models import CustomerFigures, RfmBoundaries
from tests.factories import make_customer, make_order, make_product

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("customer_figures", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def customers(alice):
    first = make_customer(alice, email="first@example.com")
    second = make_customer(alice, email="second@example.com")
    mug = make_product("MUG", price="10.00")
    make_order(alice, first, products=[mug])
    make_order(alice, first, products=[mug], status="completed")
    make_order(alice, second, products=[mug])
    return first, second


def test_check_of_a_clean_database_passes_and_says_what_it_checked(customers):
    output = run("--check")
    assert "Checked 2 stored rows against 2 customers with orders in " in output
    assert " s." in output
    assert "Every customer's figures match." in output


def test_check_of_an_empty_database_passes(db):
    assert "Checked 0 stored rows" in run("--check")


def test_check_fails_on_a_tampered_row_and_names_the_customer(customers):
    first, second = customers
    CustomerFigures.objects.filter(party=second).update(order_count=7, revenue=Decimal("99.00"))
    out = StringIO()

    with pytest.raises(CommandError, match="The figures of 1 customers differ"):
        call_command("customer_figures", "--check", stdout=out)

    output = out.getvalue()
    assert f"customer {second.pk}: order_count stored 7, computed 1" in output
    assert "revenue stored 99.00, computed 10.00" in output
    assert f"customer {first.pk}:" not in output


def test_check_fails_on_a_missing_row(customers):
    first, _second = customers
    CustomerFigures.objects.filter(party=first).delete()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("customer_figures", "--check", stdout=out)
    assert f"customer {first.pk}: order_count stored 0, computed 2" in out.getvalue()


def test_check_lists_at_most_limit_customers(customers):
    CustomerFigures.objects.update(order_count=9)
    out = StringIO()
    with pytest.raises(CommandError, match="of 2 customers"):
        call_command("customer_figures", "--check", "--limit", "1", stdout=out)
    assert out.getvalue().count("customer ") == 1
    assert "... and 1 more." in out.getvalue()


def test_rebuild_fixes_a_tampered_row(customers):
    _first, second = customers
    CustomerFigures.objects.filter(party=second).update(order_count=7)

    output = run("--rebuild")

    assert "Rebuilt the figures of 2 customers in " in output
    assert CustomerFigures.objects.get(party=second).order_count == 1
    assert "Every customer's figures match." in run("--check")


def test_segments_writes_the_boundaries(customers):
    assert not RfmBoundaries.objects.exists()

    output = run("--segments")

    boundaries = RfmBoundaries.objects.get()
    assert boundaries.customers == 2
    assert boundaries.frequency == [1, 1, 2, 2]
    assert "Recomputed the RFM boundaries over 2 customers in " in output


def test_without_an_action_it_says_what_to_choose(db):
    with pytest.raises(CommandError, match="--check, --rebuild and/or --segments"):
        run()
