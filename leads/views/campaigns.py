"""Marketing campaigns: list, create, edit, the campaign page with its figures and its web
form. Campaigns are not record-guarded: the model permissions of the role groups decide."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from crm import panels
from crm.access import CHANGE
from crm.exceptions import PageDenied
from crm.forms import add_service_errors
from crm.records import RecordMixin, record_or_404
from crm.views import PageTitleMixin
from leads import records, selectors, services
from leads.forms import CampaignForm, CampaignListOptionsForm
from leads.models import MarketingCampaign

VIEW_PERMISSION = "leads.view_marketingcampaign"
ADD_PERMISSION = "leads.add_marketingcampaign"
CHANGE_PERMISSION = "leads.change_marketingcampaign"


class CampaignPermissionMixin(PermissionRequiredMixin):
    """Signed-in users without the permission get 403 (anonymous users never get here),
    saying which roles open the page."""

    def handle_no_permission(self):
        raise PageDenied(self.permission_required)


class CampaignListView(CampaignPermissionMixin, TemplateView):
    template_name = "leads/campaign_list.html"
    permission_required = VIEW_PERMISSION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = CampaignListOptionsForm(self.request.GET)
        options.is_valid()
        status = options.cleaned_data.get("status") or ""
        sort = options.cleaned_data.get("sort") or "-start"
        paginator = Paginator(
            selectors.campaigns_for_list(status=status, sort=sort), settings.CRM_PAGE_SIZE
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            options=options,
            page=paginator.get_page(self.request.GET.get("page")),
            querystring=query.urlencode(),
            can_add=self.request.user.has_perm(ADD_PERMISSION),
        )
        return context


class CampaignCreateView(PageTitleMixin, CampaignPermissionMixin, FormView):
    template_name = "leads/campaign_form.html"
    form_class = CampaignForm
    permission_required = ADD_PERMISSION

    def get_title(self) -> str:
        return _("New campaign")

    def get_initial(self):
        return {"owner": self.request.user}

    def form_valid(self, form):
        try:
            campaign = services.campaign_create(actor=self.request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was created.") % {"name": campaign.name})
        return redirect("campaigns:detail", campaign.pk)


class CampaignRecordMixin(RecordMixin):
    record_type = records.CAMPAIGN
    context_object_name = "campaign"

    @property
    def campaign(self) -> MarketingCampaign:
        return self.record


class CampaignEditView(PageTitleMixin, CampaignRecordMixin, FormView):
    template_name = "leads/campaign_form.html"
    form_class = CampaignForm
    required_action = CHANGE

    def load_related(self) -> None:
        # The form writes typed values onto the instance; headings keep the saved name.
        self.saved_name = self.campaign.name

    def get_title(self) -> str:
        return _("Edit %(name)s") % {"name": self.saved_name}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.campaign
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["saved_name"] = self.saved_name
        return context

    def form_valid(self, form):
        try:
            services.campaign_update(
                actor=self.request.user, campaign=self.campaign, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your changes were saved."))
        return redirect("campaigns:detail", self.campaign.pk)


class CampaignDetailView(CampaignRecordMixin, TemplateView):
    template_name = "leads/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = self.campaign
        can_change = CHANGE in self.actions
        context.update(
            stats=selectors.campaign_stats(campaign),
            recent_leads=selectors.campaign_recent_leads(user, campaign),
            can_change=can_change,
            # What the apps above leads show here: what the campaign won (crm.panels).
            panels=panels.panels_for(records.CAMPAIGN, self.request, campaign),
        )
        if can_change:
            context["capture_url"] = self.request.build_absolute_uri(
                reverse("capture:form", args=[campaign.capture_token])
            )
        return context


@require_POST
def regenerate_capture_token(request: HttpRequest, pk: int) -> HttpResponse:
    """A new address for the campaign's web form; the old one answers 404 from now on."""
    campaign, _actions = record_or_404(request, records.CAMPAIGN, pk, CHANGE)
    services.campaign_regenerate_token(actor=request.user, campaign=campaign)
    messages.success(
        request,
        _(
            "The web form has a new address. Update the pages that embed it: "
            "the old one no longer works."
        ),
    )
    return redirect("campaigns:detail", campaign.pk)
