"""Template filters for party data: contact mechanisms and phone numbers as people read them
(tel: links keep the stored E.164 value)."""

from django import template

from parties.normalize import phone_for_people

register = template.Library()


@register.filter
def contact_value(mech) -> str:
    """A contact mechanism as people read it (phones formatted, addresses on one line)."""
    return mech.shown_value


@register.filter
def phone(value: str | None) -> str:
    """A stored phone number (E.164) as people read it (parties.normalize.phone_for_people)."""
    return phone_for_people(value) if value else ""
