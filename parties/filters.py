import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.filters import RecordChoiceFilter
from parties.models import (
    PartnerType,
    PartyKind,
    PartyStatus,
    PartyTag,
    PaymentPreference,
)
from parties.selectors import employees_of_visible_accounts
from parties.selectors.tags import tag_choices, tagged_with

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCOPES = [("all", _("All I may see")), ("mine", _("Mine")), ("team", _("My team's"))]
SORT_CHOICES = [
    ("name", _("Name A–Z")),
    ("-name", _("Name Z–A")),
    ("-updated", _("Recently updated")),
    ("-created", _("Newest")),
    ("created", _("Oldest")),
]


class TagChoiceField(forms.MultipleChoiceField):
    """Tags named in the query string by name (any case) or id (`?tag=VIP&tag=12`), cleaned
    to their ids; a name no tag has is an error next to the filter. The choices are every tag,
    read once per list (`set_tags`)."""

    widget = forms.SelectMultiple(attrs={"size": 4})
    tags: list[tuple[int, str]] = []

    def set_tags(self, tags: list[tuple[int, str]]) -> None:
        self.tags = tags
        self.choices = [(name, name) for _pk, name in tags]

    def _match(self, value) -> tuple[int, str] | None:
        text = " ".join(str(value).split())
        for pk, name in self.tags:
            if text.casefold() == name.casefold() or (text.isdigit() and int(text) == pk):
                return pk, name
        return None

    def prepare_value(self, value):
        # `?tag=vip` or `?tag=12` selects the option of that tag ("VIP").
        if isinstance(value, list | tuple):
            return [match[1] if (match := self._match(v)) else v for v in value]
        return value

    def clean(self, value) -> list[int]:
        ids = []
        for item in self.to_python(value):
            match = self._match(item)
            if match is None:
                raise ValidationError(
                    _("No tag is named “%(name)s”."), code="invalid_choice", params={"name": item}
                )
            ids.append(match[0])
        return list(dict.fromkeys(ids))


class TagFilter(django_filters.Filter):
    """Rows that have every chosen tag (`link_model` links `link_field` rows to tags): one
    EXISTS per tag, served by the link table's (tag, record) index."""

    field_class = TagChoiceField

    def __init__(self, *args, link_model=PartyTag, link_field: str = "party", **kwargs):
        kwargs.setdefault("label", _("Tagged with"))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.link_model = link_model
        self.link_field = link_field

    @property
    def field(self):
        if not hasattr(self, "_field"):
            field = super().field
            field.set_tags(tag_choices())
        return self._field

    def filter(self, qs, value):
        if not value:
            return qs
        return tagged_with(qs, value, link_model=self.link_model, field=self.link_field)


class PartyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        field_name="display_name", lookup_expr="istartswith", label=_("Name starts with")
    )
    status = django_filters.ChoiceFilter(choices=PartyStatus.choices, label=_("Status"))
    owner = RecordChoiceFilter(
        queryset=User.objects.filter(is_active=True).order_by("username"), label=_("Owner")
    )
    tag = TagFilter()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class ContactFilter(PartyFilter):
    account = django_filters.CharFilter(
        method="filter_account", label=_("Account name contains"), max_length=200
    )

    def filter_account(self, queryset, name, value):
        """Contacts currently employed at an account the user may see whose name contains
        the text (an account the user may not see never narrows the list)."""
        return queryset.filter(pk__in=employees_of_visible_accounts(self.user, value))


class AccountFilter(PartyFilter):
    industry = django_filters.CharFilter(lookup_expr="icontains", label=_("Industry"))


class CustomerFilter(PartyFilter):
    kind = django_filters.ChoiceFilter(
        choices=[
            (PartyKind.PERSON, _("Person (B2C)")),
            (PartyKind.ORGANIZATION, _("Organization (B2B)")),
        ],
        label=_("Type"),
    )
    payment_preference = django_filters.ChoiceFilter(
        choices=PaymentPreference.choices, label=_("Payment preference")
    )


FILTERS = {"contacts": ContactFilter, "accounts": AccountFilter, "customers": CustomerFilter}


class ListOptionsForm(forms.Form):
    scope = forms.ChoiceField(choices=SCOPES, required=False, label=_("Show"))
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label=_("Sort by"))


class PartnerFilter(django_filters.FilterSet):
    """Filters on a partner's latest terms (its current agreement, else the last one)."""

    name = django_filters.CharFilter(
        field_name="display_name", lookup_expr="istartswith", label=_("Name starts with")
    )
    type = django_filters.ChoiceFilter(
        field_name="terms_type", choices=PartnerType.choices, label=_("Type")
    )
    owner = RecordChoiceFilter(
        field_name="terms_owner_id",
        queryset=User.objects.filter(is_active=True).order_by("username"),
        label=_("Channel manager"),
        method="filter_owner",
    )
    state = django_filters.ChoiceFilter(
        choices=[("current", _("Current")), ("ended", _("Ended"))],
        method="filter_state",
        label=_("Agreement"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_owner(self, queryset, name, value):
        return queryset.filter(terms_owner_id=value.pk)

    def filter_state(self, queryset, name, value):
        return queryset.filter(terms_is_current=value == "current")


PARTNER_SCOPES = [("all", _("All partners")), ("mine", _("Mine")), ("team", _("My team's"))]
PARTNER_SORTS = [
    ("name", _("Name A–Z")),
    ("-name", _("Name Z–A")),
    ("-created", _("Newest")),
    ("created", _("Oldest")),
]


class PartnerListOptionsForm(forms.Form):
    scope = forms.ChoiceField(choices=PARTNER_SCOPES, required=False, label=_("Show"))
    sort = forms.ChoiceField(choices=PARTNER_SORTS, required=False, label=_("Sort by"))
