"""Marketing campaigns: list, create, edit, the campaign page with its figures and its web
form. Campaigns are not record-guarded: the model permissions of the role groups decide."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from crm.forms import add_service_errors
from leads import selectors, services
from leads.forms import CampaignForm, CampaignListOptionsForm

VIEW_PERMISSION = "leads.view_marketingcampaign"
ADD_PERMISSION = "leads.add_marketingcampaign"
CHANGE_PERMISSION = "leads.change_marketingcampaign"


class CampaignPermissionMixin(PermissionRequiredMixin):
    """Signed-in users without the permission get 403 (anonymous users never get here)."""

    raise_exception = True


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


class CampaignCreateView(CampaignPermissionMixin, FormView):
    template_name = "leads/campaign_form.html"
    form_class = CampaignForm
    permission_required = ADD_PERMISSION

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


class CampaignEditView(CampaignPermissionMixin, FormView):
    template_name = "leads/campaign_form.html"
    form_class = CampaignForm
    permission_required = CHANGE_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            raise PermissionDenied
        self.campaign = selectors.campaign_for_page(kwargs["pk"])
        # The form writes typed values onto the instance; headings keep the saved name.
        self.saved_name = self.campaign.name
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.campaign
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(campaign=self.campaign, saved_name=self.saved_name)
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


class CampaignDetailView(CampaignPermissionMixin, TemplateView):
    template_name = "leads/campaign_detail.html"
    permission_required = VIEW_PERMISSION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = selectors.campaign_for_page(self.kwargs["pk"])
        can_change = user.has_perm(CHANGE_PERMISSION)
        context.update(
            campaign=campaign,
            stats=selectors.campaign_stats(campaign),
            recent_leads=selectors.campaign_recent_leads(user, campaign),
            can_change=can_change,
        )
        if can_change:
            context["capture_url"] = self.request.build_absolute_uri(
                reverse("capture:form", args=[campaign.capture_token])
            )
        return context


@require_POST
def regenerate_capture_token(request: HttpRequest, pk: int) -> HttpResponse:
    """A new address for the campaign's web form; the old one answers 404 from now on."""
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    campaign = selectors.campaign_for_page(pk)
    services.campaign_regenerate_token(actor=request.user, campaign=campaign)
    messages.success(
        request,
        _(
            "The web form has a new address. Update the pages that embed it: "
            "the old one no longer works."
        ),
    )
    return redirect("campaigns:detail", campaign.pk)
