"""The review moderation queue and a review's page: pending first (oldest first), filters,
approving and rejecting (a rejection needs a reason), who may see and moderate what."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commerce import services
from commerce.models import ProductReview
from parties.models import JourneyEntry
from tests.factories import make_customer, make_product
from tests.helpers import count_queries, field_error

pytestmark = pytest.mark.django_db

QUEUE = "/reviews/"


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Alma", last_name="Reviewer")


@pytest.fixture
def mug():
    return make_product("MUG", name="Coffee mug")


def post_review(
    customer, product, *, title, rating=4, days_ago=0, text="", status="pending", by=None
):
    review = services.review_post(
        actor=None,
        customer=customer,
        product=product,
        rating=rating,
        title=title,
        text=text,
        posted_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    if status != "pending":
        services.review_moderate(
            actor=by, review=review, approve=status == "approved", reason="test"
        )
    return review


def titles(response) -> list[str]:
    return re.findall(r'data-testid="review-title">([^<]+)<', response.content.decode())


def test_queue_shows_pending_oldest_first_and_decided_newest_first(client_for, erin, customer, mug):
    post_review(customer, mug, title="Newer pending", days_ago=1)
    post_review(customer, mug, title="Older pending", days_ago=5)
    post_review(customer, mug, title="Old approved", days_ago=9, status="approved", by=erin)
    post_review(customer, mug, title="New approved", days_ago=2, status="approved", by=erin)
    post_review(customer, mug, title="Rejected one", days_ago=3, status="rejected", by=erin)
    client = client_for(erin)
    assert titles(client.get(QUEUE)) == ["Older pending", "Newer pending"]
    assert titles(client.get(QUEUE, {"status": "approved"})) == ["New approved", "Old approved"]
    assert titles(client.get(QUEUE, {"status": "rejected"})) == ["Rejected one"]


def test_queue_pages_by_keyset(client_for, erin, customer, mug, settings):
    settings.CRM_PAGE_SIZE = 2
    for day in range(5):
        post_review(customer, mug, title=f"Review {day}", days_ago=10 - day)
    client = client_for(erin)
    first = client.get(QUEUE)
    assert titles(first) == ["Review 0", "Review 1"]
    after = re.search(r'href="\?([^"]*after=[^"]+)"', first.content.decode()).group(1)
    second = client.get(QUEUE + "?" + after.replace("&amp;", "&"))
    assert titles(second) == ["Review 2", "Review 3"]


def test_queue_filters(client_for, alice, erin, customer, mug):
    beans = make_product("BEANS", name="Beans")
    post_review(customer, mug, title="Five mug", rating=5)
    post_review(customer, beans, title="Two beans", rating=2)
    services.order_create(
        actor=alice,
        customer=customer,
        channel="phone",
        currency="EUR",
        items=[services.ItemInput(product=beans, quantity=1)],
    )
    from tests.factories import make_order

    make_order(alice, customer, products=[beans], status="completed")
    post_review(customer, beans, title="Verified beans", rating=4)
    client = client_for(erin)
    assert titles(client.get(QUEUE, {"rating": "5"})) == ["Five mug"]
    assert titles(client.get(QUEUE, {"product": beans.pk})) == ["Two beans", "Verified beans"]
    assert titles(client.get(QUEUE, {"verified": "true"})) == ["Verified beans"]
    assert titles(client.get(QUEUE, {"verified": "false", "product": beans.pk})) == ["Two beans"]


def test_bad_filter_values_show_errors_and_the_pending_queue(client_for, erin, customer, mug):
    post_review(customer, mug, title="Waiting")
    post_review(customer, mug, title="Done", status="approved", by=erin)
    client = client_for(erin)
    response = client.get(
        QUEUE, {"status": "bogus", "rating": "9", "product": "1 OR 1=1", "after": "%%%"}
    )
    assert response.status_code == 200
    assert titles(response) == ["Waiting"]
    assert "valid choice" in field_error(response, "rating")
    assert "valid choice" in field_error(response, "product")
    assert "valid choice" in field_error(response, "status")
    huge = client.get(QUEUE, {"product": str(2**70)})
    assert huge.status_code == 200 and "valid choice" in field_error(huge, "product")


def test_erin_approves_from_the_queue_and_returns_to_it(client_for, erin, customer, mug):
    review = post_review(customer, mug, title="Lovely")
    client = client_for(erin)
    page = client.get(QUEUE).content.decode()
    assert f'action="{reverse("reviews:moderate", args=[review.pk])}"' in page
    response = client.post(
        reverse("reviews:moderate", args=[review.pk]),
        {"decision": "approve", "reason": "", "next": "/reviews/?rating=4"},
    )
    assert response.status_code == 302 and response["Location"] == "/reviews/?rating=4"
    review.refresh_from_db()
    assert review.status == "approved" and review.moderated_by == erin
    assert "was approved" in client.get(QUEUE).content.decode()


def test_erin_rejects_with_a_reason_and_an_unsafe_next_goes_to_the_queue(
    client_for, erin, customer, mug
):
    review = post_review(customer, mug, title="Spammy")
    response = client_for(erin).post(
        reverse("reviews:moderate", args=[review.pk]),
        {"decision": "reject", "reason": "Advertising", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("reviews:list")
    review.refresh_from_db()
    assert review.status == "rejected" and review.moderation_reason == "Advertising"


def test_a_rejection_without_reason_shows_the_message_and_writes_nothing(
    client_for, erin, customer, mug
):
    review = post_review(customer, mug, title="Meh")
    journey_rows = JourneyEntry.objects.count()
    response = client_for(erin).post(
        reverse("reviews:moderate", args=[review.pk]),
        {"decision": "reject", "reason": "  ", "next": "/reviews/"},
    )
    assert response.status_code == 200
    assert "Say why the review is rejected." in field_error(response, "reason")
    assert 'name="next" value="/reviews/"' in response.content.decode()
    review.refresh_from_db()
    assert review.status == "pending" and review.moderated_by is None
    assert JourneyEntry.objects.count() == journey_rows


def test_a_changed_decision_needs_a_reason_and_keeps_what_was_typed(
    client_for, erin, customer, mug
):
    review = post_review(customer, mug, title="Decided", status="approved", by=erin)
    client = client_for(erin)
    response = client.post(
        reverse("reviews:moderate", args=[review.pk]), {"decision": "maybe", "reason": "Typo fix"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose Approve or Reject." in content and "Typo fix</textarea>" in content
    response = client.post(reverse("reviews:moderate", args=[review.pk]), {"decision": "reject"})
    assert "Say why" in field_error(response, "reason")
    review.refresh_from_db()
    assert review.status == "approved"


def test_a_rep_may_not_moderate(client_for, alice, customer, mug):
    review = post_review(customer, mug, title="Mine")
    client = client_for(alice)
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 200
    assert "Approve" not in client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    response = client.post(reverse("reviews:moderate", args=[review.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert ProductReview.objects.get(pk=review.pk).status == "pending"


def test_dan_sees_nothing_of_a_review_of_alices_customer(client_for, dan, customer, mug):
    review = post_review(customer, mug, title="Hidden")
    client = client_for(dan)
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 404
    moderate = client.post(reverse("reviews:moderate", args=[review.pk]), {"decision": "approve"})
    assert moderate.status_code == 404
    assert titles(client.get(QUEUE)) == []


def test_malformed_ids_answer_404(client_for, erin):
    client = client_for(erin)
    assert client.get("/reviews/99999999999999999999/").status_code == 404
    assert client.post("/reviews/0/moderate/", {"decision": "approve"}).status_code == 404


def test_moderate_is_post_only(client_for, erin, customer, mug):
    review = post_review(customer, mug, title="Get")
    assert client_for(erin).get(reverse("reviews:moderate", args=[review.pk])).status_code == 405


def test_a_role_without_review_pages_gets_403(client_for, role_groups):
    from tests.factories import make_user

    nobody = make_user("nobody")
    assert client_for(nobody).get(QUEUE).status_code == 403


def test_detail_page_shows_the_whole_review_and_its_moderation(client_for, erin, customer, mug):
    review = post_review(
        customer, mug, title="Too bitter", rating=2, text="Line one.\nLine two, the rest."
    )
    services.review_moderate(actor=erin, review=review, approve=False, reason="Off topic")
    response = client_for(erin).get(reverse("reviews:detail", args=[review.pk]))
    content = response.content.decode()
    assert "Too bitter" in content and "Line two, the rest." in content
    assert "Alma Reviewer" in content and "Coffee mug" in content
    assert "2 out of 5 stars" in content
    assert re.search(r'data-testid="reason">Off topic<', content)
    assert f'data-testid="moderated-by">{erin.get_full_name()}<' in content
    assert reverse("products:detail", args=[mug.pk]) in content
    # Decided: it may be approved after all (with a reason), not rejected again.
    assert 'value="approve"' in content and 'value="reject"' not in content


def test_queue_queries_do_not_grow_with_reviews(client_for, alice, erin, mug):
    post_review(make_customer(alice), mug, title="First")
    clients = {}
    for user in (erin, alice):
        clients[user] = Client()
        clients[user].force_login(user)
    before = {user: warm_count(client) for user, client in clients.items()}
    for number in range(49):
        post_review(make_customer(alice), make_product(), title=f"Review {number}")
    for user, client in clients.items():
        assert len(titles(client.get(QUEUE))) == 50
        assert count_queries(client, QUEUE) == before[user] <= 12, user


def warm_count(client) -> int:
    count_queries(client, QUEUE)
    return count_queries(client, QUEUE)
