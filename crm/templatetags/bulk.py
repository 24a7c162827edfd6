"""The bulk-action bar of a list page, its rows' checkboxes (crm/bulk.py) and what a row's
inline cells need, made cheap enough for every row."""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext

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


# A number no row has, reversed in its place and replaced by each row's id.
_ROW_ID = 987654321987


@lru_cache(maxsize=512)
def _row_url_pattern(name: str, args: tuple, prefix: str, urlconf: str | None) -> str:
    return reverse(name, args=[_ROW_ID, *args], urlconf=urlconf)


@register.simple_tag
def row_url(name: str, pk, *args) -> str:
    """`{% url name pk *args %}` for the rows of a list: Django's reverse() costs ~50 µs, a
    few per row of a 50-row list with inline cells; this reverses once per URL name and
    fills in each row's id (an integer, as every record URL takes)."""
    pattern = _row_url_pattern(
        name, tuple(str(a) for a in args), get_script_prefix(), get_urlconf()
    )
    return pattern.replace(str(_ROW_ID), str(int(pk)), 1)


@register.filter
def change_label(label) -> str:
    """ "Change <label>": an inline cell's title, in Python (a blocktrans per cell per row
    is a template render of its own)."""
    return gettext("Change %(label)s") % {"label": label}


@register.filter
def select_label(item) -> str:
    """ "Select <row>": a row's checkbox label."""
    return gettext("Select %(name)s") % {"name": item}
