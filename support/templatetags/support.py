from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def business_minutes(minutes) -> str:
    """Business minutes as people read them: "2 h 15 min", "45 min" (a negative number as
    its size: the template says "overdue by"); "—" for none."""
    if minutes is None or minutes == "":
        return "—"
    minutes = abs(int(minutes))
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}
