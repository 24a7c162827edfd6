"""The bulk-action bar of a list page and its rows' checkboxes (crm/bulk.py)."""

from django import template
from django.template.loader import render_to_string

from crm.bulk import LISTS, _list_query

register = template.Library()


@register.simple_tag(takes_context=True)
def bulk_bar(context, list_name: str) -> str:
    """The action picker above a list's table: the actions the user may take (read from
    what the request has already loaded: no query of its own), "all matching this filter",
    and the list's query string. The rows' checkboxes join the form by its id."""
    bulk_list = LISTS.get(list_name)
    request = context.get("request")
    if bulk_list is None or request is None:
        return ""
    return render_to_string(
        "crm/_bulk_bar.html",
        {
            "bulk_list": bulk_list,
            "actions": bulk_list.offered(request.user),
            "query": _list_query(request.GET.urlencode()),
            "form_id": f"bulk-{list_name}",
        },
        request=request,
    )
