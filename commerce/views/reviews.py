"""The review pages: the moderation queue of Customer Service, a review's page, and the
approve / reject action."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from commerce import services
from commerce.filters.reviews import ReviewFilter, queue_status
from commerce.forms.reviews import ModerationForm
from commerce.models import ProductReview, ReviewStatus
from commerce.records import REVIEW
from commerce.selectors.reviews import QUEUE_ORDERINGS, review_queue
from crm import access
from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.pagination import keyset_page
from crm.records import RecordMixin, record_or_404
from parties.kinds import page_url

MODERATE = "commerce.change_productreview"


def safe_next(request: HttpRequest) -> str:
    """Where to go back to (`next`), if it is a path on this site; "" otherwise."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def _link_customers(reviews) -> None:
    """Sets `customer_url` on each review: its customer's page (roles prefetched)."""
    for review in reviews:
        review.customer_url = page_url(review.customer)


class ReviewQueueView(TemplateView):
    template_name = "commerce/review_list.html"

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, REVIEW.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        status = queue_status(request.GET.get("status"))
        queryset = review_queue(request.user, status)
        filterset = ReviewFilter(request.GET or None, queryset=queryset)
        if filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        page = keyset_page(
            queryset,
            QUEUE_ORDERINGS[status],
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            size=settings.CRM_PAGE_SIZE,
        )
        _link_customers(page.items)
        query = request.GET.copy()
        query.pop("after", None)
        query.pop("before", None)
        # The tabs keep the other filters.
        tab_query = query.copy()
        tab_query.pop("status", None)
        context.update(
            filterset=filterset,
            page=page,
            status=status,
            statuses=ReviewStatus.choices,
            querystring=query.urlencode(),
            tab_query=tab_query.urlencode(),
            can_moderate=request.user.has_perm(MODERATE),
            queue_url=request.get_full_path(),
        )
        return context


class ReviewDetailView(RecordMixin, TemplateView):
    record_type = REVIEW
    context_object_name = "review"
    template_name = "commerce/review_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review: ProductReview = self.record
        context.update(
            customer_url=page_url(review.customer),
            can_moderate=CHANGE in self.actions,
            form=kwargs.get("form") or ModerationForm(),
            next_url=kwargs.get("next_url", safe_next(self.request)),
        )
        return context


def _render_detail(request: HttpRequest, review, actions, form, next_url) -> HttpResponse:
    """The review's page again, with the moderation form that did not go through: its
    errors next to its fields and what was typed kept."""
    view = ReviewDetailView()
    view.setup(request, pk=review.pk)
    view.record, view.actions = review, actions
    response = view.render_to_response(view.get_context_data(form=form, next_url=next_url))
    response.status_code = 200
    return response


@require_POST
def review_moderate(request: HttpRequest, pk) -> HttpResponse:
    review, actions = record_or_404(request, REVIEW, pk, CHANGE)
    form = ModerationForm(request.POST)
    next_url = safe_next(request)
    if not form.is_valid():
        return _render_detail(request, review, actions, form, next_url)
    try:
        services.review_moderate(
            actor=request.user,
            review=review,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        # The service may have set fields on the instance before refusing: show it as saved.
        review, actions = record_or_404(request, REVIEW, pk, CHANGE)
        return _render_detail(request, review, actions, form, next_url)
    if form.approve:
        messages.success(
            request, _("The review “%(title)s” was approved.") % {"title": review.title}
        )
    else:
        messages.success(
            request, _("The review “%(title)s” was rejected.") % {"title": review.title}
        )
    return redirect(next_url or reverse("reviews:list"))
