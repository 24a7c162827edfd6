"""A contact or lead as a vCard download."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from crm.access import VIEW
from parties import selectors, vcards
from parties.kinds import CONTACTS, LEADS
from parties.models import RelationshipKind
from parties.views.parties import load


@require_GET
def contact_vcard(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The contact or lead as a vCard file, naming only a current employer the user may see
    (or, for a lead, its company)."""
    if kind not in (CONTACTS.slug, LEADS.slug):
        raise Http404
    _, party = load(request, kind, pk, VIEW)
    employer = next(
        (
            item.other.display_name
            for item in selectors.relationships_for(request.user, party)
            if item.visible
            and item.relationship.kind == RelationshipKind.EMPLOYMENT
            and item.relationship.from_party_id == party.pk
            and item.relationship.thru_date is None
        ),
        "",
    )
    updated_at = party.updated_at
    if kind == LEADS.slug and hasattr(party, "lead"):
        employer = employer or party.lead.company_name
        updated_at = max(updated_at, party.lead.updated_at)
    text = vcards.party_to_vcard(
        party,
        selectors.contact_mechs_for(party),
        host=request.get_host(),
        organization=employer,
        updated_at=updated_at,
    )
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    filename = slugify(party.display_name) or "contact"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response
