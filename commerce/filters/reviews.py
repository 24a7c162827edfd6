"""The filters of the review moderation queue. The queue shows one status at a time (its
tabs), pending by default: see commerce.selectors.reviews."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from commerce.models import Product, ReviewStatus
from crm.filters import RecordChoiceFilter

RATINGS = [(str(stars), f"{stars} / 5") for stars in range(5, 0, -1)]
# "Any" rather than the widget's "Unknown".
YES_NO = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


def queue_status(value) -> str:
    """The status a queue URL names; pending for none (or one that is no status: the
    filter says so next to its field)."""
    return value if value in ReviewStatus.values else ReviewStatus.PENDING


class ReviewFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ReviewStatus.choices, empty_label=None, label=_("Status")
    )
    rating = django_filters.ChoiceFilter(
        choices=RATINGS, label=_("Rating"), empty_label=_("Any rating")
    )
    product = RecordChoiceFilter(
        queryset=Product.objects.all(),
        label=_("Product id"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    verified = django_filters.BooleanFilter(
        field_name="verified_purchase", label=_("Verified purchase"), widget=YES_NO
    )
