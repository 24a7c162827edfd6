"""The forms of the partner pages: a new partner (an existing organization or a new one),
its terms, and ending its agreement."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.forms import DayField, PersonChoiceField, VersionedFormMixin, record_formfield
from parties.forms.fields import DATE_INPUT, PartyLookupField
from parties.models import Partnership, PartnerType

COMMISSION_RANGE = _("The commission rate must be from 0 to 100 %.")


class CommissionField(forms.DecimalField):
    """A percentage from 0 to 100 with at most two decimals, refused with one clear message
    (not Django's digits and bounds messages one by one)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Commission rate (%)"))
        kwargs.setdefault("help_text", _("Of the won amount of the deals the partner brings."))
        super().__init__(**kwargs)
        self.widget.attrs.update(min=0, max=100, step="0.01")

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if not Decimal(0) <= value <= Decimal(100):
            raise ValidationError(COMMISSION_RANGE, code="range")
        try:
            exact = value == value.quantize(Decimal("0.01"))
        except InvalidOperation:
            exact = False
        if not exact:
            raise ValidationError(
                _("Give the commission rate with at most two decimals."), code="decimals"
            )


def _owners():
    return User.objects.filter(is_active=True).order_by("username")


class PartnerCreateForm(forms.Form):
    organization_mode = forms.ChoiceField(
        label=_("Partner"),
        choices=[
            ("existing", _("An existing organization")),
            ("new", _("A new organization")),
        ],
        widget=forms.RadioSelect,
        initial="existing",
    )
    organization = PartyLookupField(
        label=_("Existing organization"),
        required=False,
        noun=_("organization"),
        help_text=_("Type to search the organizations you may see, or give its number."),
    )
    name = forms.CharField(label=_("New organization's name"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type of partner"), choices=PartnerType.choices)
    owner = PersonChoiceField(
        label=_("Channel manager"),
        queryset=User.objects.none(),
        help_text=_("Who manages the partnership."),
    )
    commission_rate = CommissionField()
    from_date = DayField(label=_("Agreement from"), widget=DATE_INPUT)
    thru_date = DayField(
        label=_("Agreement until"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Only to record an agreement that has already ended."),
    )

    def __init__(self, *args, organizations, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("from_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        field.widget.lookup_url = reverse("accounts:lookup")
        self.fields["owner"].queryset = _owners()

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("organization_mode")
        missing = mode == "existing" and not cleaned.get("organization")
        if missing and "organization" not in self.errors:
            self.add_error("organization", _("Choose the organization."))
        if mode == "new" and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Name the new organization."))
        start, end = cleaned.get("from_date"), cleaned.get("thru_date")
        if start and end and end < start:
            self.add_error("thru_date", _("The agreement cannot end before it starts."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            name: data[name]
            for name in ("type", "owner", "commission_rate", "from_date", "thru_date")
        }
        if data["organization_mode"] == "existing":
            kwargs["organization"] = data["organization"]
        else:
            kwargs["name"] = data["name"]
        return kwargs


class PartnershipEditForm(VersionedFormMixin, forms.ModelForm):
    """The current agreement's terms. Ending it has its own button."""

    commission_rate = CommissionField()

    class Meta:
        model = Partnership
        fields = ["type", "owner", "commission_rate", "from_date"]
        formfield_callback = record_formfield
        labels = {"type": _("Type of partner"), "from_date": _("Agreement from")}
        widgets = {"from_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class PartnershipEndForm(forms.Form):
    thru_date = DayField(
        label=_("Last day of the agreement"),
        widget=DATE_INPUT,
        error_messages={"required": _("Give the agreement's last day.")},
    )
