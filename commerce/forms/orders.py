"""The forms of the order pages: placing a phone order (the order and its lines), and
moving an order to another status."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commerce.models import OrderStatusValue, SalesChannel, ShippingMethod
from commerce.selectors.orders import (
    BILLING,
    SHIPPING,
    PostalAddress,
    address_with_purpose,
    products_named,
)
from commerce.services import ItemInput
from crm.currencies import CURRENCY_CHOICES
from crm.ids import parse_text
from parties.models import Party, PaymentPreference

# A line's figures within what the order's columns hold (14 digits, 2 decimals).
MAX_QUANTITY = 1_000_000
MAX_LINES = 200
AMOUNT = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class QuietMixin:
    """A form re-shown as typed, without judging it yet (after "Add a line"): bound, so it
    keeps every value, but with no errors."""

    quiet = False

    def full_clean(self):
        if self.quiet:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


def _amount_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        error_messages={
            "max_decimal_places": gettext_lazy("Enter an amount with at most 2 decimals."),
            "min_value": gettext_lazy("Enter an amount of 0 or more."),
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        **AMOUNT,
        **kwargs,
    )


class OrderForm(QuietMixin, forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("Sales channel"), choices=SalesChannel.choices)
    currency = forms.ChoiceField(label=gettext_lazy("Currency"), choices=CURRENCY_CHOICES)
    payment_preference = forms.ChoiceField(
        label=gettext_lazy("Payment preference"),
        choices=[("", gettext_lazy("(none)")), *PaymentPreference.choices],
        required=False,
    )
    shipping_method = forms.ChoiceField(
        label=gettext_lazy("Shipping method"),
        choices=[("", gettext_lazy("(none)")), *ShippingMethod.choices],
        required=False,
    )
    shipping_amount = _amount_field(gettext_lazy("Shipping amount"))
    ship_to = forms.ChoiceField(label=gettext_lazy("Ship to"), required=False)
    bill_to = forms.ChoiceField(label=gettext_lazy("Bill to"), required=False)
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    external_id = forms.CharField(
        label=gettext_lazy("External id"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("The order's number in another system, if any."),
    )

    def __init__(
        self, *args, customer: Party, addresses: list[PostalAddress], quiet=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.quiet = quiet
        self.addresses = {str(a.mech.pk): a for a in addresses}
        choices = [(key, a.label) for key, a in self.addresses.items()]
        self.fields["ship_to"].choices = [("", _("(no address)")), *choices]
        self.fields["bill_to"].choices = [("", _("Same as the ship-to address")), *choices]
        shipping = address_with_purpose(addresses, SHIPPING)
        billing = address_with_purpose(addresses, BILLING)
        if shipping is None and addresses:
            shipping = addresses[0]
        self.initial.setdefault("channel", SalesChannel.PHONE)
        self.initial.setdefault(
            "currency", customer.preferred_currency or settings.CRM_DEFAULT_CURRENCY
        )
        self.initial.setdefault("payment_preference", customer.payment_preference)
        self.initial.setdefault("shipping_amount", Decimal("0.00"))
        self.initial.setdefault("ship_to", str(shipping.mech.pk) if shipping else "")
        self.initial.setdefault("bill_to", str(billing.mech.pk) if billing else "")

    def service_fields(self) -> dict:
        data = self.cleaned_data
        ship_to = self.addresses.get(data["ship_to"])
        bill_to = self.addresses.get(data["bill_to"]) or ship_to
        return {
            "channel": data["channel"],
            "currency": data["currency"],
            "payment_preference": data["payment_preference"],
            "shipping_method": data["shipping_method"],
            "shipping_amount": data["shipping_amount"] or Decimal("0.00"),
            "ship_to": ship_to.mech if ship_to else None,
            "bill_to": bill_to.mech if bill_to else None,
            "notes": data["notes"],
            "external_id": data["external_id"],
        }


class ProductPickerInput(forms.TextInput):
    """A text input that suggests active products by SKU or name as the user types (htmx
    fills its <datalist> from products:lookup). Without JavaScript, typing the SKU works."""

    template_name = "commerce/_product_picker.html"


class ItemForm(QuietMixin, forms.Form):
    """One line. A line left blank is no line; a product is named by its SKU (or "Name
    (SKU)", as the suggestions fill it in)."""

    product = forms.CharField(
        label=gettext_lazy("Product (SKU)"),
        required=False,
        max_length=240,
        widget=ProductPickerInput(attrs={"placeholder": gettext_lazy("SKU or name")}),
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"),
        required=False,
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={"min_value": gettext_lazy("The quantity must be at least 1.")},
        widget=forms.NumberInput(attrs={"min": "1", "step": "1", "inputmode": "numeric"}),
    )
    unit_price = _amount_field(gettext_lazy("Unit price"))
    discount = _amount_field(
        gettext_lazy("Discount"), help_text=gettext_lazy("An amount off the line.")
    )

    def __init__(self, *args, products: dict | None = None, currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        typed = parse_text(self.data.get(self.add_prefix("product")), 240) if self.is_bound else ""
        # A formset looks its lines' products up at once; a form alone looks its own up.
        self.products = products if products is not None else products_named([typed])
        product = self.products.get(typed)
        if product is not None:
            # What a blank price means, and which product the SKU names.
            self.fields["unit_price"].widget.attrs["placeholder"] = (
                f"{product.list_price} {product.currency}"
            )
            self.fields[
                "product"
            ].help_text = f"{product.name} · {product.list_price} {product.currency}"
            if not product.is_active:
                self.fields["product"].help_text = _("%(name)s is no longer sold.") % {
                    "name": product.name
                }
        self.fields["unit_price"].help_text = _("Blank: the list price.")

    def clean_product(self):
        text = parse_text(self.cleaned_data.get("product"), 240)
        if not text:
            return None
        product = self.products.get(text)
        if product is None:
            raise ValidationError(
                _("No product has the SKU “%(sku)s”: pick one from the suggestions."),
                code="not_found",
                params={"sku": text},
            )
        if not product.is_active:
            raise ValidationError(
                _("%(name)s is no longer sold."), code="inactive", params={"name": product.name}
            )
        return product

    def clean(self):
        data = super().clean()
        product, quantity = data.get("product"), data.get("quantity")
        if "product" in self.errors or "quantity" in self.errors:
            return data
        if product is None:
            if any(data.get(name) is not None for name in ("quantity", "unit_price", "discount")):
                self.add_error("product", _("Choose a product for this line, or clear it."))
            return data
        if quantity is None:
            self.add_error("quantity", _("Enter a quantity."))
            return data
        price = data.get("unit_price")
        if price is None and self.currency and product.currency != self.currency:
            self.add_error(
                "unit_price",
                _("%(product)s is priced in %(theirs)s, the order in %(ours)s: enter a price.")
                % {"product": product.name, "theirs": product.currency, "ours": self.currency},
            )
            return data
        price = product.list_price if price is None else price
        discount = data.get("discount") or Decimal("0")
        if "discount" not in self.errors and discount > price * quantity:
            self.add_error("discount", _("The discount is more than the line’s amount."))
        return data

    def item(self) -> ItemInput | None:
        data = self.cleaned_data
        if data.get("product") is None:
            return None
        return ItemInput(
            product=data["product"],
            quantity=data["quantity"],
            unit_price=data.get("unit_price"),
            discount=data.get("discount") or Decimal("0.00"),
        )


class BaseItemFormSet(forms.BaseFormSet):
    """The lines, whose products are looked up in one query for all of them."""

    def __init__(self, *args, currency: str = "", quiet: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.quiet = quiet
        self.products: dict = {}
        if self.is_bound:
            texts = [
                parse_text(self.data.get(f"{self.add_prefix(i)}-product"), 240)
                for i in range(self.total_form_count())
            ]
            self.products = products_named([text for text in texts if text])

    def get_form_kwargs(self, index):
        return {"products": self.products, "currency": self.currency}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.quiet = self.quiet
        return form

    def full_clean(self):
        if self.quiet:
            self._errors = []
            self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)
            return
        super().full_clean()

    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise ValidationError(_("Add at least one product."), code="no_items")

    def items(self) -> list[ItemInput]:
        return [item for form in self.forms if (item := form.item()) is not None]

    def add_line_data(self):
        """The posted data with one more (blank) line."""
        data = self.data.copy()
        key = f"{self.prefix}-TOTAL_FORMS"
        data[key] = str(min(self.total_form_count() + 1, MAX_LINES))
        data[f"{self.prefix}-INITIAL_FORMS"] = "0"
        return data


ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=2,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_max=True,
)


class StatusMoveForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=OrderStatusValue.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Needed to cancel, hold or reject the order."),
    )
