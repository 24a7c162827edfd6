"""Django's `date` filter, with the user's chosen date format (crm.preferences).

Installed as a template builtin (settings.TEMPLATES "builtins"), loaded after Django's own, so
that every `{{ value|date:"SHORT_DATE_FORMAT" }}` (and DATE_FORMAT, the DATETIME twins, or no
format) in every template shows the user's format without each template changing. An explicit
format ("D", "j", "Y-m-d") is left as written: it is a layout, not a way of writing a date."""

from django import template
from django.template import defaultfilters

from crm import preferences

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return defaultfilters.date(value, preferences.pattern_for(arg) or arg)
