"""The filters of the product list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commerce.filters.reviews import YES_NO
from commerce.selectors.products import CategoryTree
from crm.ids import parse_text


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("SKU or name"), max_length=200)
    category = django_filters.ChoiceFilter(
        method="filter_category", label=_("Category"), empty_label=_("Every category")
    )
    active = django_filters.BooleanFilter(field_name="is_active", label=_("Active"), widget=YES_NO)

    def __init__(self, *args, tree: CategoryTree, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree
        self.filters["category"].extra["choices"] = tree.choices()

    def filter_q(self, queryset, name, value):
        """A SKU starting with the text, or a name containing it."""
        text = parse_text(value)
        if not text:
            return queryset
        return queryset.filter(Q(sku__istartswith=text) | Q(name__icontains=text))

    def filter_category(self, queryset, name, value):
        """The category and its sub-categories."""
        return queryset.filter(category_id__in=self.tree.descendants(int(value)))
