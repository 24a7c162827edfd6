"""Reads of the review pages: the moderation queue, one status at a time."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from commerce.models import ProductReview, ReviewStatus
from commerce.selectors.visibility import reviews_visible_to
from crm.pagination import Ordering

# The queue reads one range of review_queue_idx (status, posted_at, id) per status: the
# pending reviews oldest first (the longest waiting are moderated first), the decided ones
# newest first.
QUEUE_ORDERINGS = {
    ReviewStatus.PENDING: Ordering("posted_at"),
    ReviewStatus.APPROVED: Ordering("posted_at", descending=True),
    ReviewStatus.REJECTED: Ordering("posted_at", descending=True),
}


def review_queue(user: User, status: str) -> QuerySet[ProductReview]:
    """The reviews of one status the user may see, with what the queue shows of them."""
    return (
        reviews_visible_to(user)
        .filter(status=status)
        .select_related("customer", "product")
        .prefetch_related("customer__roles")
    )
