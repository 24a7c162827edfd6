from django import template

from crm.access import ACTION_LABELS

register = template.Library()


@register.filter
def right_label(codename: str) -> str:
    """ "change_party" -> "change"; "delete_party" -> "disable"."""
    action = codename.rsplit("_", 1)[0]
    return str(ACTION_LABELS.get(action, action))


@register.filter
def right_action(codename: str) -> str:
    """ "change_opportunity" -> "change"."""
    return codename.split("_", 1)[0]


@register.simple_tag(takes_context=True)
def page_query(context, direction: str, cursor: str) -> str:
    """The current list's query string with a keyset cursor (`after` or `before`)."""
    querystring = context.get("querystring", "")
    prefix = f"?{querystring}&" if querystring else "?"
    return f"{prefix}{direction}={cursor}"


@register.simple_tag(takes_context=True)
def render_panel(context, panel) -> str:
    """One panel of a record's page (crm.panels), rendered with the page's context plus
    the panel's own."""
    template = context.template.engine.get_template(panel.template_name)
    with context.push(**panel.context):
        return template.render(context)
