"""Recording a party's consent (append-only)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from parties.models import Consent, ContactMech, Party
from parties.services.journey import journey_append


def consent_record(
    *,
    actor: User,
    party: Party,
    purpose: str,
    granted: bool,
    source: str,
    note: str = "",
    contact_mech: ContactMech | None = None,
) -> Consent:
    consent = Consent(
        party=party,
        purpose=purpose,
        granted=granted,
        source=source,
        note=note.strip(),
        contact_mech=contact_mech,
        captured_by=actor,
    )
    consent.full_clean()
    with transaction.atomic():
        consent.save()
        state = _("granted") if granted else _("withdrawn")
        journey_append(
            party_ids=party.pk,
            kind="consent",
            summary=f"{consent.get_purpose_display()}: {state} ({consent.get_source_display()})",
            actor=actor,
            record_type="consent",
            record_id=consent.pk,
            occurred_at=consent.captured_at,
        )
    return consent
