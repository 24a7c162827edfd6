"""What a party's page reads: the party, its contact details, relationships, consent, history."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, prefetch_related_objects

from crm import access, timeline
from crm.records import RecordType
from parties.kinds import PageKind
from parties.models import (
    Consent,
    ConsentPurpose,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyRelationship,
)
from parties.selectors.visibility import page_queryset, visible_ids


def party_for_page(user: User, kind: PageKind, pk) -> Party:
    queryset = (
        page_queryset(user, kind)
        .select_related("owner", "owner__profile__home_team__group", "created_by", "updated_by")
        .prefetch_related("roles")
    )
    return access.get_or_404(queryset, pk)


def contact_mechs_for(party: Party) -> list[PartyContactMech]:
    """Current ones first, then ended ones, each with its current purposes."""
    return list(
        PartyContactMech.objects.filter(party=party)
        .select_related("contact_mech")
        .prefetch_related(
            Prefetch(
                "purposes",
                queryset=PartyContactMechPurpose.objects.filter(thru_date__isnull=True),
                to_attr="current_purposes",
            )
        )
        .order_by("thru_date", "contact_mech__kind", "from_date", "id")
    )


@dataclass
class RelatedParty:
    relationship: PartyRelationship
    other: Party
    visible: bool
    page_slug: str | None


def relationships_for(user: User, party: Party) -> list[RelatedParty]:
    """Both directions; the other party is named only when the viewer may see it."""
    rows = list(
        PartyRelationship.objects.filter(Q(from_party=party) | Q(to_party=party)).select_related(
            "from_party", "to_party"
        )
    )
    # The other sides' roles (which page each belongs on) in one query; the party's are known.
    prefetch_related_objects(
        [r.to_party if r.from_party_id == party.pk else r.from_party for r in rows], "roles"
    )
    others = visible_ids(
        user, (r.to_party_id if r.from_party_id == party.pk else r.from_party_id for r in rows)
    )
    from parties.kinds import page_kind_for

    related = []
    for rel in rows:
        outgoing = rel.from_party_id == party.pk
        other = rel.to_party if outgoing else rel.from_party
        visible = other.pk in others
        kind = page_kind_for(other) if visible else None
        related.append(RelatedParty(rel, other, visible, kind.slug if kind else None))
    return related


@dataclass
class ConsentState:
    purpose: str
    label: str
    latest: Consent | None

    @property
    def granted(self) -> bool:
        return bool(self.latest and self.latest.granted)


def consents_for(party: Party) -> tuple[list[ConsentState], list[Consent]]:
    """The current state per purpose (the latest row) and the full history, newest first."""
    history = list(party.consents.select_related("captured_by", "contact_mech"))
    latest: dict[str, Consent] = {}
    for row in history:
        latest.setdefault(row.purpose, row)
    states = [ConsentState(p.value, p.label, latest.get(p.value)) for p in ConsentPurpose]
    return states, history


def timeline_for(
    party: Party,
    limit: int = 30,
    *,
    user: User | None = None,
    record_type: RecordType | None = None,
) -> list:
    """Changes to the party's fields and to who may see it, newest first; with the page's
    `user` and `record_type`, merged with what the apps above add there (notes and files:
    crm.timeline)."""
    entries = history_for(party, limit)
    for change in access.access_changes_for(party, limit):
        if change.user:
            target = change.user.get_username()
        else:
            target = change.group.name if change.group else ""
        entries.append(
            {
                "when": change.at,
                "who": change.actor,
                "access": " ".join(
                    str(part)
                    for part in (
                        change.get_action_display(),
                        change.permission,
                        target,
                        change.note,
                    )
                    if part
                ),
            }
        )
    entries += contact_mech_history_for(party, limit)
    if user is not None and record_type is not None:
        return timeline.merged(record_type, user, party, entries, limit=limit)
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def contact_mech_history_for(party: Party, limit: int = 30) -> list[dict]:
    """Who added, changed and ended the party's contact details, newest first: the history
    rows of its contact mechanisms (each add, edit and end saves one, with its user)."""
    from django.utils.translation import gettext as _

    rows = (
        PartyContactMech.history.filter(party_id=party.pk)
        .select_related("history_user", "contact_mech")
        .order_by("-history_date", "-history_id")[:limit]
    )
    entries = []
    for row in rows:
        if row.history_type == "+":
            verb = _("Added contact details")
        elif row.thru_date is not None:
            verb = _("Ended contact details")
        else:
            verb = _("Changed contact details")
        mech = row.contact_mech
        entries.append(
            {
                "when": row.history_date,
                "who": row.history_user,
                "access": f"{verb}: {mech.shown_value}" if mech else verb,
            }
        )
    return entries


def history_for(party: Party, limit: int = 30) -> list[dict]:
    """Changes to the party's own fields, newest first, as (when, who, changes)."""
    records = list(
        party.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(entries) == limit:
            break
        if older is None:
            changes = []
        else:
            delta = newer.diff_against(
                older, excluded_fields=["version", "updated_by", "created_by"]
            )
            changes = [(c.field, c.old, c.new) for c in delta.changes]
            if not changes:
                continue
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "created": older is None,
                "changes": [
                    (Party._meta.get_field(f).verbose_name, old, new) for f, old, new in changes
                ],
            }
        )
    return entries
