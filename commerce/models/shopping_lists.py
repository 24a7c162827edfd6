"""Shopping lists (OFBiz ShoppingList, ShoppingListItem; types SLT_*)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models import Party


class ShoppingListType(models.TextChoices):
    WISH_LIST = "wish_list", _("Wish list")
    GIFT_REGISTRY = "gift_registry", _("Gift registry")
    AUTO_REORDER = "auto_reorder", _("Auto-reorder")
    FREQUENT = "frequent", _("Frequent purchases")


class ShoppingList(models.Model):
    customer = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="shopping_lists", verbose_name=_("customer")
    )
    name = models.CharField(_("name"), max_length=100)
    list_type = models.CharField(_("type"), max_length=16, choices=ShoppingListType.choices)
    is_public = models.BooleanField(_("public"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    last_ordered_at = models.DateTimeField(_("last ordered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("shopping list")
        indexes = [
            models.Index(
                fields=["customer", "-updated_at", "-id"], name="shoppinglist_customer_idx"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ShoppingListItem(models.Model):
    shopping_list = models.ForeignKey(ShoppingList, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "commerce.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    quantity_purchased = models.PositiveIntegerField(_("purchased"), default=0)

    class Meta:
        ordering = ["shopping_list", "id"]
        verbose_name = _("shopping list item")
        constraints = [
            models.UniqueConstraint(
                fields=["shopping_list", "product"], name="shoppinglistitem_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"
