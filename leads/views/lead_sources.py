"""Lead sources (OFBiz DataSource): everyone with the view permission reads the list;
administrators add and edit them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from crm import access
from crm.access import CHANGE
from crm.exceptions import PageDenied
from crm.records import RecordMixin
from crm.views import PageTitleMixin
from leads import records
from leads.forms import LeadSourceForm
from leads.selectors import lead_sources_for_list


class LeadSourceListView(TemplateView):
    template_name = "leads/lead_source_list.html"

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "parties.view_leadsource")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            lead_sources=lead_sources_for_list(),
            can_edit=access.is_administrator(self.request.user),
        )
        return context


class LeadSourceFormMixin(PageTitleMixin):
    """Reference data shared by every page: only administrators change it. A lead source is
    a single row without side effects, so the model form saves it (after full validation)."""

    template_name = "leads/lead_source_form.html"
    form_class = LeadSourceForm
    lead_source = None
    saved_name = ""

    def get_title(self) -> str:
        if self.lead_source:
            return _("Edit %(name)s") % {"name": self.saved_name}
        return _("New lead source")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.lead_source
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(lead_source=self.lead_source, saved_name=self.saved_name)
        return context

    def form_valid(self, form):
        lead_source = form.save()
        messages.success(self.request, _("Lead source “%(name)s” saved.") % {"name": lead_source})
        return redirect("lead_sources:list")


class LeadSourceCreateView(LeadSourceFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if not access.is_administrator(request.user):
            raise PageDenied  # administrators maintain lead sources
        return super().dispatch(request, *args, **kwargs)


class LeadSourceEditView(LeadSourceFormMixin, RecordMixin, FormView):
    record_type = records.LEAD_SOURCE
    required_action = CHANGE

    def load_related(self) -> None:
        self.lead_source = self.record
        # The form writes typed values onto the instance; headings keep the saved name.
        self.saved_name = self.record.name
