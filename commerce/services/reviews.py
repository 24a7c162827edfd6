"""Product reviews: posting (verified when the customer has a completed order with the
product) and moderation (pending -> approved / rejected)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commerce.models import OrderItem, OrderStatusValue, Product, ProductReview, ReviewStatus
from parties.models import Party
from parties.services import journey_append


def has_bought(customer: Party, product: Product) -> bool:
    return OrderItem.objects.filter(
        order__customer=customer, order__status=OrderStatusValue.COMPLETED, product=product
    ).exists()


@transaction.atomic
def review_post(
    *,
    actor: User | None,
    customer: Party,
    product: Product,
    rating: int,
    title: str,
    text: str = "",
    posted_at: datetime.datetime | None = None,
) -> ProductReview:
    review = ProductReview(
        customer=customer,
        product=product,
        rating=rating,
        title=title.strip(),
        text=text.strip(),
        posted_at=posted_at or timezone.now(),
        verified_purchase=has_bought(customer, product),
    )
    review.full_clean()
    review.save()
    journey_append(
        party_ids=customer.pk,
        kind="review",
        summary=_("Review of %(product)s posted: %(rating)s/5 “%(title)s”")
        % {"product": product.name, "rating": rating, "title": review.title},
        actor=actor,
        record_type="review",
        record_id=review.pk,
        occurred_at=review.posted_at,
    )
    return review


@transaction.atomic
def review_moderate(
    *,
    actor: User,
    review: ProductReview,
    approve: bool,
    reason: str = "",
    moderated_at: datetime.datetime | None = None,
) -> ProductReview:
    """Approve or reject a pending review (a rejection needs a reason); a decided review can
    be decided again the other way, with a reason, when it was decided wrongly."""
    reason = reason.strip()
    # Two moderators at once: the second decides on what the first saved.
    review.status = (
        ProductReview.objects.select_for_update().values_list("status", flat=True).get(pk=review.pk)
    )
    status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    if review.status == status:
        raise ValidationError(
            _("This review is already %(status)s.")
            % {"status": review.get_status_display().lower()}
        )
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why the review is rejected.")})
    if review.status != ReviewStatus.PENDING and not reason:
        raise ValidationError({"reason": _("Say why the earlier decision is changed.")})
    review.status = status
    review.moderated_by = actor
    review.moderated_at = moderated_at or timezone.now()
    review.moderation_reason = reason[:500]
    review.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
    summary = _("Review of %(product)s %(status)s") % {
        "product": review.product.name,
        "status": review.get_status_display().lower(),
    }
    if reason:
        summary += f" ({reason})"
    journey_append(
        party_ids=review.customer_id,
        kind="review",
        summary=summary,
        actor=actor,
        record_type="review",
        record_id=review.pk,
        occurred_at=review.moderated_at,
    )
    return review
