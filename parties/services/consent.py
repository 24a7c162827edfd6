"""Recording a party's consent (append-only)."""

from __future__ import annotations

from django.contrib.auth.models import User

from parties.models import Consent, ContactMech, Party


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
    consent.save()
    return consent
