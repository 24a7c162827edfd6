from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from crm.access import ACTION_LABELS
from crm.forms import person_label
from crm.models import GrantCause

register = template.Library()


@register.filter
def person(user) -> str:
    """A user as colleagues know them: "Bob Brown · Team East" (crm.forms.person_label)."""
    return person_label(user)


@register.filter
def right_label(codename: str) -> str:
    """ "change_party" -> "change"; "delete_party" -> "disable"."""
    action = codename.rsplit("_", 1)[0]
    return str(ACTION_LABELS.get(action, action))


@register.filter
def cause_label(cause: str) -> str:
    """Why a grant exists, as people read it ("share" -> "Shared")."""
    return str(GrantCause(cause).label) if cause in GrantCause.values else cause


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


@register.simple_tag
def restricted() -> str:
    """The marker of a related record the viewer may not see: it says that there is one,
    and names nothing of it."""
    return format_html('<span class="restricted">{}</span>', _("restricted"))


class RecordLinkNode(template.Node):
    def __init__(self, name, url, visible):
        self.name, self.url, self.visible = name, url, visible

    def render(self, context) -> str:
        # Whether the viewer may see it comes first: the name of a record they may not see
        # is never read (nor its related row fetched for it).
        if not self.visible.resolve(context):
            return restricted()
        name = self.name.resolve(context)
        url = self.url.resolve(context)
        return format_html('<a href="{}">{}</a>', url, name) if url else conditional_escape(name)


@register.tag
def record_link(parser, token) -> RecordLinkNode:
    """`{% record_link name url visible %}`: a related record as the viewer may see it — its
    name linked to `url` (unlinked when the URL is empty), or the restricted marker when
    `visible` is false."""
    bits = token.split_contents()
    if len(bits) != 4:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name, a URL and a visibility")
    return RecordLinkNode(*(parser.compile_filter(bit) for bit in bits[1:]))


class BreadcrumbNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        items = self.nodelist.render(context)  # safe: rendered template markup
        if not items.strip():
            return ""
        return format_html(
            '<nav aria-label="breadcrumb"><ol class="breadcrumb">{}</ol></nav>', items
        )


@register.tag
def breadcrumb(parser, token) -> BreadcrumbNode:
    """`{% breadcrumb %}<li class="breadcrumb-item">…</li>{% endbreadcrumb %}`: the trail of
    the pages above this one; nothing at all on a page without any (the page skeletons
    leave the items to each page)."""
    nodelist = parser.parse(("endbreadcrumb",))
    parser.delete_first_token()
    return BreadcrumbNode(nodelist)
