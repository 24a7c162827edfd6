"""The customer journey page of a contact, an account or a customer: every touch point,
newest first, keyset paged, filtered by kind."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from crm.pagination import decode_cursor
from parties import journey
from parties.selectors.journey import journey_page
from parties.views.parties import PartyRecordMixin


class JourneyFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(journey.KINDS.items())


def _cursor(request, name: str) -> str:
    """The keyset cursor in `name`, or "" with a message when it is no cursor of ours."""
    value = request.GET.get(name, "")
    if value and decode_cursor(value, "DateTimeField") is None:
        messages.warning(request, _("That page link was not valid: showing the latest entries."))
        return ""
    return value


class JourneyView(PartyRecordMixin, TemplateView):
    template_name = "parties/journey.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        options = JourneyFilterForm(request.GET)
        kinds = []
        if options.is_valid():
            kinds = options.cleaned_data["kind"]
        else:
            messages.warning(request, _("Unknown kinds were ignored: showing every kind."))
            options = JourneyFilterForm()
        page = journey_page(
            request.user,
            self.party,
            kinds=kinds,
            after=_cursor(request, "after"),
            before=_cursor(request, "before"),
        )
        query = request.GET.copy()
        query.pop("after", None)
        query.pop("before", None)
        if not kinds:
            query.pop("kind", None)
        context.update(
            options=options,
            selected_kinds=kinds,
            page=page,
            querystring=query.urlencode(),
            title=_("Customer journey of %(name)s") % {"name": self.party.display_name},
        )
        return context
