"""The conversion page of a lead: into an account, a contact and perhaps an opportunity."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.views import PageTitleMixin, StateGuardMixin
from leads import services
from leads.forms import LeadConvertForm
from leads.hooks import ConversionSection, conversion_sections
from leads.models import CONVERTIBLE_STATUSES
from leads.views.leads import LeadRecordMixin
from parties import selectors as party_selectors


class LeadConvertView(PageTitleMixin, StateGuardMixin, LeadRecordMixin, FormView):
    template_name = "leads/convert.html"
    form_class = LeadConvertForm
    required_action = CHANGE

    def get_title(self) -> str:
        return _("Convert %(name)s") % {"name": self.party.display_name}

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
        return {"account_name": self.lead.company_name, "account_mode": "new"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["accounts"] = party_selectors.accounts_for_choice(self.request.user)
        return kwargs

    def sections(self, data=None) -> list[tuple[ConversionSection, forms.Form]]:
        """The sections apps above leads add to the page (leads.hooks), with their forms."""
        return [
            (section, section.form_class(data, lead=self.lead, user=self.request.user))
            for section in conversion_sections()
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("sections", self.sections())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        sections = self.sections(request.POST)
        valid = [form.is_valid()] + [section_form.is_valid() for _, section_form in sections]
        if not all(valid):
            return self.render_to_response(self.get_context_data(form=form, sections=sections))
        options = {section.name: section_form.options() for section, section_form in sections}
        try:
            conversion = services.lead_convert(
                actor=request.user, lead=self.lead, **form.service_kwargs(), **options
            )
        except ValidationError as exc:
            _show_errors(exc, [form] + [section_form for _, section_form in sections])
            return self.render_to_response(self.get_context_data(form=form, sections=sections))
        return self.converted(conversion)

    def converted(self, conversion):
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


def _show_errors(exc: ValidationError, forms_: list[forms.Form]) -> None:
    """A service's errors next to the field they name, in whichever form of the page has it
    (above the main form otherwise)."""
    main = forms_[0]
    if not hasattr(exc, "error_dict"):
        add_service_errors(main, exc)
        return
    for name, errors in exc.error_dict.items():
        target = next((f for f in forms_ if name in f.fields), None)
        for error in errors:
            (target or main).add_error(name if target else None, error)
