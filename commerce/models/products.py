"""Products and their categories (OFBiz Product, ProductCategory). Managed in the admin."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.currencies import CURRENCY_CHOICES
from crm.models import TimeStampedModel


class ProductCategory(models.Model):
    """A category in a tree: "Kitchen › Coffee"."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent=None), name="category_unique_root_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name


class Product(TimeStampedModel):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("category"),
    )
    list_price = models.DecimalField(
        _("list price"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("product")
        indexes = [
            models.Index(fields=["name", "id"], name="product_name_idx"),
            models.Index(fields=["category", "name"], name="product_category_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="product_price_positive", condition=Q(list_price__gte=0))
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"
