"""The column chooser of a list page (crm.columns, templates/crm/_columns.html)."""

from django import template

from crm import columns
from crm.saved_views import NOT_SAVED
from crm.saved_views import PARAM as VIEW_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def list_columns(context) -> columns.Shown | None:
    """The columns the list of the request shows (None on a page that declares none):
    `{% list_columns as columns %}`, then `{% if "email" in columns %}` around a <th> and
    its <td>. No query: the choice is the query string's."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.kwargs or not columns.columns_of(match.view_name):
        return None
    return columns.shown_columns(match.view_name, request.GET)


@register.simple_tag(takes_context=True)
def columns_kept_fields(context) -> list[tuple[str, str]]:
    """The query string's other parameters (filters, sort, scope, the view shown), as the
    chooser's hidden fields: applying a choice of columns keeps them. Not the pager's
    cursors: another set of columns starts on the first page."""
    request = context.get("request")
    if request is None:
        return []
    skip = (NOT_SAVED - {VIEW_PARAM}) | {columns.PARAM}
    return [
        (key, value) for key, values in request.GET.lists() if key not in skip for value in values
    ]
