"""Template filters for party data: contact mechanisms and phone numbers as people read them."""

from django import template

from parties.models import ContactMechKind
from parties.normalize import format_phone

register = template.Library()


@register.filter
def contact_value(mech) -> str:
    """A contact mechanism as people read it (phones formatted, addresses on one line)."""
    if mech.kind == ContactMechKind.PHONE:
        return format_phone(mech.value)
    return mech.value


@register.filter
def phone(value: str | None) -> str:
    return format_phone(value) if value else ""
