"""The list pages of contacts, accounts and customers."""

from django.http import HttpRequest
from django.views.generic import TemplateView

from crm.pagination import request_page
from parties import selectors
from parties.filters import FILTERS, ListOptionsForm
from parties.selectors.tags import with_tags
from parties.views.parties import PageKindMixin


def list_page_context(
    request: HttpRequest,
    queryset,
    *,
    filterset_class,
    options_class=ListOptionsForm,
    default_sort: str = "name",
    sorts=selectors.SORTS,
    scope_with=selectors.scoped,
    **filter_kwargs,
) -> dict:
    """What a list page of parties shows: the scope tab ("mine / my team's / all I may see"),
    the filters, the sort and one keyset page of `queryset` (already permission-filtered).
    `scope_with(user, queryset, scope)` says what "mine" and "my team's" mean for the list."""
    options = options_class(request.GET)
    options.is_valid()
    scope = options.cleaned_data.get("scope") or "all"
    sort = options.cleaned_data.get("sort") or default_sort
    queryset = scope_with(request.user, queryset, scope)
    filterset = filterset_class(request.GET or None, queryset=queryset, **filter_kwargs)
    if filterset.is_bound and filterset.is_valid():
        queryset = filterset.qs
    page, query = request_page(request, queryset, sorts[sort])
    return {
        "filterset": filterset,
        "filtered": queryset,
        "options": options,
        "scope": scope,
        "page": page,
        "querystring": query.urlencode(),
    }


class PartyListView(PageKindMixin, TemplateView):
    template_name = "parties/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Marketing lists every customer (names, e-mail, consent) for list building.
        queryset = selectors.with_list_columns(selectors.list_queryset(user, self.kind))
        queryset = with_tags(queryset)  # the rows' tag chips: one query
        context.update(
            list_page_context(
                self.request, queryset, filterset_class=FILTERS[self.kind.slug], user=user
            )
        )
        selectors.mark_visible_employers(user, context["page"].items)
        context["can_add"] = user.has_perm("parties.add_party")
        return context
