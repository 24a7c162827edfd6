"""The conversion page of a lead: into an account, a contact and perhaps an opportunity."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.views import StateGuardMixin
from leads import services
from leads.forms import LeadConvertForm
from leads.models import CONVERTIBLE_STATUSES
from leads.views.leads import LeadPageMixin
from parties import selectors as party_selectors


class LeadConvertView(StateGuardMixin, LeadPageMixin, FormView):
    template_name = "leads/convert.html"
    form_class = LeadConvertForm
    required_action = CHANGE

    def refusal(self):
        if self.lead.status in CONVERTIBLE_STATUSES:
            return None
        if self.lead.is_converted:
            messages.error(self.request, _("This lead was already converted."))
        else:
            messages.error(
                self.request,
                _("A disqualified lead cannot be converted; recycle it first (back to assigned)."),
            )
        return redirect("leads:detail", self.lead.pk)

    def get_initial(self):
        company = self.lead.company_name or (
            "" if self.party.is_person else self.party.display_name
        )
        return {
            "account_name": self.lead.company_name,
            "account_mode": "new",
            "create_opportunity": True,
            "opportunity_name": f"{company} - " if company else "",
            "expected_close_date": timezone.localdate() + datetime.timedelta(days=30),
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["accounts"] = party_selectors.accounts_for_choice(self.request.user)
        return kwargs

    def form_valid(self, form):
        try:
            conversion = services.lead_convert(
                actor=self.request.user, lead=self.lead, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if conversion.opportunity is not None:
            messages.success(
                self.request,
                _("Converted: %(account)s, %(contact)s and the opportunity %(opportunity)s.")
                % {
                    "account": conversion.account.display_name,
                    "contact": conversion.contact.display_name if conversion.contact else "—",
                    "opportunity": conversion.opportunity.name,
                },
            )
        if conversion.contact is not None:
            if conversion.opportunity is None:
                messages.success(
                    self.request,
                    _("%(name)s is now a contact at %(account)s.")
                    % {
                        "name": conversion.contact.display_name,
                        "account": conversion.account.display_name,
                    },
                )
            return redirect("contacts:detail", conversion.contact.pk)
        messages.success(
            self.request,
            _("The lead became the account %(account)s.")
            % {"account": conversion.account.display_name},
        )
        return redirect("accounts:detail", conversion.account.pk)
