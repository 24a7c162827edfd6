"""The saved-views bar of a list page (templates/crm/_saved_views.html)."""

from django import template

from crm import saved_views

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_views_bar(context) -> dict | None:
    """The bar of the list the request shows (None on a page that is no list of
    saved_views.LISTS): the user's and their team's views, the one shown (`?saved_view=`),
    and the query string that "Save current view as…" keeps. One query (none more when
    DefaultViewMiddleware read it already)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in saved_views.LISTS or match.kwargs:
        return None
    user = request.user
    bar = getattr(request, "saved_views_bar", None) or saved_views.bar_for(user, match.view_name)
    current = bar.get(request.GET.get(saved_views.PARAM))
    return {
        "bar": bar,
        "current": current,
        "query": saved_views.view_query(request.GET.urlencode()),
        "without_view_url": saved_views.list_url_without_view(match.view_name),
    }
