"""The commerce admin. Products and categories are managed here. Orders, reviews and the
customer figures are written by commerce.services (totals, numbering, status history, the
figures and the journey stay consistent only through them), so the admin shows them and
lets only what breaks nothing be edited: an order's notes, a review's wording."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from commerce.models import (
    CustomerFigures,
    Order,
    OrderItem,
    OrderStatus,
    Product,
    ProductCategory,
    ProductReview,
    RfmBoundaries,
    ShoppingList,
    ShoppingListItem,
)
from crm.admin import ReadOnlyInline


class CategoryAdminForm(forms.ModelForm):
    class Meta:
        model = ProductCategory
        fields = ["name", "parent"]

    def clean_parent(self):
        """A category cannot sit below itself (the tree would have no root)."""
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk:
            seen = set()
            node = parent
            while node is not None and node.pk not in seen:
                if node.pk == self.instance.pk:
                    raise forms.ValidationError(
                        _("A category cannot be placed under itself or its sub-categories.")
                    )
                seen.add(node.pk)
                node = node.parent
        return parent


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    form = CategoryAdminForm
    list_display = ["__str__", "parent"]
    list_select_related = ["parent__parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "category", "list_price", "currency", "is_active", "updated_at"]
    list_filter = ["is_active", "currency", ("category", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["category__parent"]
    search_fields = ["sku", "name"]
    autocomplete_fields = ["category"]
    readonly_fields = ["created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The orders of a product are priced in its currency: it stays once it was sold.
        if obj is not None and obj.order_items.exists():
            return [*self.readonly_fields, "currency"]
        return self.readonly_fields


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = [
        "line",
        "product",
        "description",
        "quantity",
        "cancelled_quantity",
        "unit_price",
        "discount",
        "line_total",
        "status",
    ]


class OrderStatusInline(ReadOnlyInline):
    model = OrderStatus
    fields = ["changed_at", "from_status", "status", "changed_by", "reason"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "order_date", "channel", "status", "grand_total"]
    list_display_links = ["number"]
    list_filter = ["status", "channel", "currency"]
    list_select_related = ["customer"]
    search_fields = ["number", "external_id"]
    date_hierarchy = "order_date"
    inlines = [OrderItemInline, OrderStatusInline]
    # Only the notes: totals, status, customer and dates move through commerce.services.
    editable_fields = ["notes"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Order._meta.fields if f.name not in self.editable_fields]

    def has_add_permission(self, request):
        return False  # orders are placed through the order pages (numbers, figures, journey)

    def has_delete_permission(self, request, obj=None):
        return False  # cancel or reject instead: the figures and the journey keep the order


@admin.register(ProductReview)
class ProductReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "product", "customer", "rating", "status", "verified_purchase"]
    list_filter = ["status", "rating", "verified_purchase"]
    list_select_related = ["product", "customer"]
    search_fields = ["title", "product__sku", "product__name"]
    date_hierarchy = "posted_at"
    # Moderation goes through the review queue (who, when, why, and the customer's journey).
    readonly_fields = [
        "customer",
        "product",
        "status",
        "posted_at",
        "verified_purchase",
        "moderated_at",
        "moderated_by",
        "moderation_reason",
    ]

    def has_add_permission(self, request):
        return False


class ShoppingListItemInline(admin.TabularInline):
    model = ShoppingListItem
    extra = 0
    fields = ["product", "quantity", "quantity_purchased"]
    readonly_fields = ["quantity_purchased"]
    autocomplete_fields = ["product"]


@admin.register(ShoppingList)
class ShoppingListAdmin(admin.ModelAdmin):
    list_display = ["name", "customer", "list_type", "is_active", "last_ordered_at", "updated_at"]
    list_filter = ["list_type", "is_active", "is_public"]
    list_select_related = ["customer"]
    search_fields = ["name"]
    readonly_fields = ["customer", "last_ordered_at", "created_at", "updated_at"]
    inlines = [ShoppingListItemInline]

    def has_add_permission(self, request):
        return False  # created for a customer from the CRM pages (journey)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CustomerFigures)
class CustomerFiguresAdmin(ReadOnlyAdmin):
    """Kept by the order services; `manage.py customer_figures` rebuilds them."""

    list_display = [
        "party",
        "order_count",
        "open_order_count",
        "revenue",
        "unconverted_order_count",
        "last_order_at",
    ]
    list_select_related = ["party"]
    search_fields = ["party__display_name"]


@admin.register(RfmBoundaries)
class RfmBoundariesAdmin(ReadOnlyAdmin):
    list_display = ["computed_at", "customers"]
