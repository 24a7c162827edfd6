"""Product reviews by customers (OFBiz ProductReview, statuses PRR_PENDING/APPROVED/DELETED)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models import Party


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ProductReview(models.Model):
    customer = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="product_reviews", verbose_name=_("customer")
    )
    product = models.ForeignKey(
        "commerce.Product",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("product"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("review"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    # The customer has a completed order with the product (at posting).
    verified_purchase = models.BooleanField(_("verified purchase"), default=False)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("product review")
        indexes = [
            models.Index(fields=["customer", "-posted_at", "-id"], name="review_customer_idx"),
            models.Index(fields=["status", "posted_at", "id"], name="review_queue_idx"),
            models.Index(fields=["product", "status"], name="review_product_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="review_rating_1_to_5", condition=Q(rating__gte=1, rating__lte=5)
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.rating}/5)"
