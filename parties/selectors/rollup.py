"""An account's roll-up: what its current contacts (the people employed there) did and
bought, shown on the account's page "from <contact>" by the panels of the apps above (the
contacts' activities, deals and orders; crm.panels). Each panel lists only the rows the viewer
may see, a keyset page at a time (cursors in the account page's query string, so the other
panels keep theirs), in a fixed number of queries whatever the number of contacts or rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from crm.pagination import Ordering, decode_cursor, keyset_page
from parties.kinds import page_url
from parties.models import Party, PartyRelationship, RelationshipKind
from parties.selectors.visibility import visible_ids

ROLLUP_SIZE = 10


def account_contacts_q(account: Party, field_name: str) -> Q:
    """Rows whose `field_name` is a current contact of `account` (an open employment)."""
    contacts = PartyRelationship.objects.filter(
        to_party=account, kind=RelationshipKind.EMPLOYMENT, thru_date__isnull=True
    ).values("from_party_id")
    return Q(**{f"{field_name}__in": contacts})


@dataclass
class Rollup:
    """One page of a roll-up panel: rows carry `from_contact` (None: "restricted") and
    `from_url`; the links page on within the account's page."""

    rows: list = field(default_factory=list)
    next_url: str = ""
    previous_url: str = ""
    first_url: str = ""

    @property
    def paged(self) -> bool:
        return bool(self.next_url or self.previous_url)


def _cursor(request: HttpRequest, name: str, field_type: str) -> str:
    value = request.GET.get(name, "")
    if value and decode_cursor(value, field_type) is None:
        messages.warning(request, _("That page link was not valid: showing the latest entries."))
        return ""
    return value


def rollup_page(
    request: HttpRequest,
    queryset: QuerySet,
    ordering: Ordering,
    *,
    prefix: str,
    anchor: str,
    contact_field: str,
    size: int = ROLLUP_SIZE,
) -> Rollup:
    """The page of `queryset` (already the viewer's, filtered on the account's contacts by
    `account_contacts_q(account, contact_field)`) that `?<prefix>after=` / `before=` asks for,
    each row marked with the contact it comes from."""
    field_type = queryset.model._meta.get_field(ordering.field).get_internal_type()
    after = _cursor(request, f"{prefix}after", field_type)
    before = _cursor(request, f"{prefix}before", field_type)
    queryset = queryset.select_related(contact_field).prefetch_related(f"{contact_field}__roles")
    window = keyset_page(queryset, ordering, after=after or None, before=before or None, size=size)
    mark_from_contacts(request.user, window.items, contact_field)
    query = request.GET.copy()
    query.pop(f"{prefix}after", None)
    query.pop(f"{prefix}before", None)

    def url(name: str = "", cursor: str = "") -> str:
        page = query.copy()
        if name:
            page[f"{prefix}{name}"] = cursor
        return f"?{page.urlencode()}#{anchor}"

    return Rollup(
        rows=window.items,
        next_url=url("after", window.next_cursor) if window.has_next else "",
        previous_url=url("before", window.previous_cursor) if window.has_previous else "",
        first_url=url(),
    )


def rollup_panel(
    name: str,
    request: HttpRequest,
    queryset: QuerySet,
    ordering: Ordering,
    *,
    anchor: str,
    contact_field: str,
) -> dict | None:
    """A roll-up panel's context, `{name: <the page>}` paged by `?<name>_after=` /
    `before=`, or None (the panel is left out) when there is nothing to page through: every
    roll-up panel hides when empty, so that rule lives here rather than in each panel."""
    rollup = rollup_page(
        request,
        queryset,
        ordering,
        prefix=f"{name}_",
        anchor=anchor,
        contact_field=contact_field,
    )
    if not rollup.rows and not rollup.paged:
        return None
    return {name: rollup}


def mark_from_contacts(user: User, rows: list, contact_field: str) -> list:
    """Sets `from_contact` and `from_url` on each row: the contact it comes from, or None
    when the viewer may not see that contact (shown as "restricted", never by name). One
    query for the whole page."""
    seen = visible_ids(user, (getattr(row, f"{contact_field}_id") for row in rows))
    for row in rows:
        contact = getattr(row, contact_field)
        visible = contact is not None and contact.pk in seen
        row.from_contact = contact if visible else None
        row.from_url = page_url(contact) if visible else ""
    return rows
