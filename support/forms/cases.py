"""The forms of the case pages: opening and editing a case, and the actions on its page (a
note, a logged call or e-mail, assigning, a status move, merging into another case).

Every record a form picks comes from a permission-filtered queryset the view passes in, so
a tampered id finds nothing and is an error next to its field."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commerce.forms.orders import ProductPickerInput
from commerce.models import Product
from commerce.selectors.orders import products_named
from crm.forms import FIRST_DAY, LAST_DAY, RecordChoiceField, VersionedFormMixin
from crm.ids import parse_id
from events.models import EventKind
from parties.forms import PartyLookupField
from support.models import (
    Case,
    CaseChannel,
    CasePriority,
    CaseReason,
    CaseResolution,
    CaseStatus,
    CaseType,
)
from support.services import case_number

# The fields a case's page edits (support.services.case_update takes them).
EDITABLE = (
    "subject",
    "type",
    "priority",
    "channel",
    "reason",
    "description",
    "contact",
    "order",
    "product",
    "queue",
)


class OrderNumberField(RecordChoiceField):
    """An order picked by its number ("SO-000123", "000123", "123") among the orders the
    user may see."""

    widget = forms.TextInput
    NUMBER = re.compile(r"^\s*(?:SO-?)?0*(\d{1,12})\s*$", re.IGNORECASE)

    def prepare_value(self, value):
        number = getattr(value, "number", None)
        if number:
            return number
        if isinstance(value, int):
            found = self.queryset.filter(pk=value).only("number").first()
            return found.number if found else value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        match = self.NUMBER.match(str(value))
        pk = parse_id(match.group(1)) if match else None
        found = self.queryset.filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise ValidationError(_("No order you may see has that number."), code="not_found")
        return found


class ProductField(forms.CharField):
    """A product by its SKU (or "Name (SKU)", as the suggestions fill it in)."""

    widget = ProductPickerInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 240)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Product):
            return value.sku
        return value

    def clean(self, value):
        if isinstance(value, Product):
            return value
        text = super().clean(value)
        if not text:
            return None
        product = next(iter(products_named([text]).values()), None)
        if product is None:
            raise ValidationError(_("No product has that SKU."), code="not_found")
        return product


class CaseForm(forms.Form):
    """Opening a case. The customer is picked among the customers and accounts the user may
    see (type-ahead, or its number); contact, order, product and queue are optional."""

    customer = PartyLookupField(
        label=gettext_lazy("Customer"),
        noun=gettext_lazy("customer"),
        help_text=gettext_lazy("Its number, or type its name and pick it."),
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=CaseType.choices)
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Priority"),
        choices=CasePriority.choices,
        coerce=int,
        initial=CasePriority.NORMAL,
    )
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=CaseChannel.choices)
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=[("", gettext_lazy("(none)")), *CaseReason.choices],
        required=False,
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact = PartyLookupField(
        label=gettext_lazy("Contact"),
        noun=gettext_lazy("contact"),
        required=False,
        help_text=gettext_lazy("The person who got in touch, if not the customer."),
    )
    order = OrderNumberField(
        label=gettext_lazy("Order"), queryset=Case.objects.none(), required=False
    )
    product = ProductField(
        label=gettext_lazy("Product (SKU)"),
        required=False,
        help_text=gettext_lazy("Type its SKU or name and pick it."),
    )
    queue = RecordChoiceField(
        label=gettext_lazy("Queue"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=gettext_lazy("(your team's queue)"),
    )

    def __init__(
        self,
        *args,
        customers: QuerySet,
        contacts: QuerySet,
        orders: QuerySet,
        queues: QuerySet,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        self.fields["customer"].widget.lookup_url = reverse("customers:lookup")
        self.fields["contact"].queryset = contacts
        self.fields["contact"].widget.lookup_url = reverse("contacts:lookup")
        self.fields["order"].queryset = orders
        self.fields["order"].help_text = _("Its number, e.g. SO-000123.")
        self.fields["queue"].queryset = queues
        self.initial.setdefault("channel", CaseChannel.PHONE)
        self.initial.setdefault("type", CaseType.PROBLEM)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "type": data["type"],
            "priority": data["priority"],
            "channel": data["channel"],
            "reason": data["reason"],
            "description": data["description"],
            "contact": data["contact"],
            "order": data["order"],
            "product": data["product"],
            "queue": data["queue"],
        }


class CaseEditForm(VersionedFormMixin, CaseForm):
    """Editing a case: everything but its customer (a case stays the customer's)."""

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["customer"]
        self.fields["queue"].required = True
        self.fields["queue"].empty_label = None
        for name in EDITABLE:
            value = getattr(case, name)
            self.initial.setdefault(name, value)
        self.initial.setdefault("version", case.version)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE}


class NoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    public = forms.BooleanField(
        label=gettext_lazy("Public (the customer will see it)"), required=False
    )

    def __init__(self, *args, may_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            # Internal notes only (a sales rep): a posted "public" is refused by the service.
            del self.fields["public"]

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write the note."), code="required")
        return body


LOGGED_KINDS = [
    (EventKind.CALL, gettext_lazy("Call")),
    (EventKind.EMAIL, gettext_lazy("E-mail")),
    (EventKind.MEETING, gettext_lazy("Meeting")),
]


class EventLogForm(forms.Form):
    # The case's page holds several forms: each has its own element ids.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_event_%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(label=gettext_lazy("What"), choices=LOGGED_KINDS)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        required=False,
        help_text=gettext_lazy("Leave empty for now."),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_starts_at(self):
        value = self.cleaned_data.get("starts_at")
        if value is None:
            return None
        if not FIRST_DAY <= value.date() <= LAST_DAY:
            raise ValidationError(
                _("Enter a date from %(first)s to %(last)s.")
                % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            )
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError(_("A logged call or e-mail has happened: enter a past time."))
        return value


class AssignForm(forms.Form):
    owner = RecordChoiceField(
        label=gettext_lazy("Assign to"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args, members: QuerySet, **kwargs):
        kwargs.setdefault("auto_id", "id_assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class StatusForm(forms.Form):
    """A status move (the buttons offer only the legal ones; the service refuses others).
    Resolving needs a resolution."""

    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=CaseStatus.choices)
    resolution = forms.ChoiceField(
        label=gettext_lazy("Resolution"),
        choices=[("", gettext_lazy("(choose to resolve)")), *CaseResolution.choices],
        required=False,
        help_text=gettext_lazy("Needed to resolve the case."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_status_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == CaseStatus.RESOLVED and not cleaned.get("resolution"):
            self.add_error("resolution", _("Choose a resolution to resolve the case."))
        return cleaned


class MergeForm(forms.Form):
    into = forms.CharField(
        label=gettext_lazy("Merge into case"),
        max_length=40,
        help_text=gettext_lazy(
            "The number of another open case of the same customer, e.g. CS-000123."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    NUMBER = re.compile(r"^\s*(?:CS-?)?0*(\d{1,12})\s*$", re.IGNORECASE)

    def __init__(self, *args, cases: QuerySet, **kwargs):
        kwargs.setdefault("auto_id", "id_merge_%s")
        super().__init__(*args, **kwargs)
        self.cases = cases

    def clean_into(self):
        text = self.cleaned_data["into"]
        match = self.NUMBER.match(text)
        pk = parse_id(match.group(1)) if match else None
        found = None
        if pk is not None:
            found = self.cases.filter(number=case_number(pk)).first()
        if found is None:
            raise ValidationError(_("No case you may see has that number."), code="not_found")
        return found
