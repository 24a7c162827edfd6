"""Forms of the forecast pages: a rep's commit, a manager's quota."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from crm.forms import RecordChoiceField
from forecasts.models import MONEY, PeriodKind, TimePeriod


class UserChoiceField(RecordChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class CommitForm(forms.Form):
    """The rep's own numbers next to the computed ones (empty: none)."""

    committed = forms.DecimalField(
        label=_("Committed forecast"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("Enter an amount of zero or more.")},
        **MONEY,
    )
    best_case_override = forms.DecimalField(
        label=_("Best case (override)"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("Enter an amount of zero or more.")},
        **MONEY,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why these numbers: kept with the change in the history."),
    )


class QuotaForm(forms.Form):
    """A rep of the manager's team, an open month or quarter, an amount."""

    owner = UserChoiceField(
        label=_("Rep"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the reps of your team.")},
    )
    period = RecordChoiceField(
        label=_("Period"),
        queryset=TimePeriod.objects.none(),
        error_messages={
            "invalid_choice": _("Choose an open month or quarter of this or next fiscal year.")
        },
    )
    amount = forms.DecimalField(
        label=_("Quota"),
        min_value=0,
        error_messages={"min_value": _("A quota cannot be negative.")},
        **MONEY,
    )
    split = forms.BooleanField(
        label=_("Split evenly into its months"),
        required=False,
        help_text=_("Only for a quarter: each of its three months gets a third."),
    )

    def __init__(self, *args, reps: list[User], periods: list[TimePeriod], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            pk__in=[rep.pk for rep in reps]
        ).order_by("username")
        self.fields["period"].queryset = TimePeriod.objects.filter(
            pk__in=[p.pk for p in periods if not p.closed]
        ).order_by("start_date", "-kind")

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if cleaned.get("split") and period is not None and period.kind != PeriodKind.QUARTER:
            self.add_error("split", _("Only a quarter's quota can be split into months."))
        return cleaned
