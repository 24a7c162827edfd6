"""The event form's participant pickers: colleagues and parties, any number of each.

Each picker is the chosen participants, listed (a hidden id each, with a "Remove" checkbox),
and one text field to add more — the lookup input of the other forms (`PartyLookupInput`: as
the user types, htmx fills its suggestions). Picking a suggestion moves it into the list at
once (`events.views.lookup`); without JavaScript, the field takes names, numbers ("#42"),
usernames or e-mail addresses, several separated by semicolons, resolved when the form is
sent: what is found joins the list, what is not stays in the field with the reason next to it.

A party is found only among those the user may see; a party participant the user may not see
is neither listed nor offered, and stays as it is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.ids import parse_id
from crm.people import PERSON_PICK, person_label, person_pick_label
from events.models import ParticipantResponse
from events.selectors import participants as picks
from parties.forms import PartyLookupField, PartyLookupInput
from parties.models import Party

SEPARATORS = re.compile(r"[;\n]+")
# A colleague as the suggestions write them: "Bob Brown (bob)".
USER_PICK = PERSON_PICK
# A party as the suggestions write them: "Hank Scorpio (#42)".
PARTY_PICK = re.compile(r"^.*\(#(?P<pk>\d+)\)\s*$")
USER_FIELDS = ("participant_users", "remove_users", "add_users")
PARTY_FIELDS = ("participant_parties", "remove_parties", "add_parties")
CHOSEN_LIST_IDS = {"users": "chosen-users", "parties": "chosen-parties"}
ENTRY_MAX = 2000


# A colleague as a suggestion's value: their name and, in brackets, their username.
user_pick_label = person_pick_label


def entries(text: str) -> list[str]:
    """What was typed into a picker: one entry per semicolon or line."""
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


class IdsField(forms.Field):
    """Ids posted as several values of one name (the chosen list's hidden inputs and remove
    checkboxes). A value that cannot be an id means a tampered form."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        ids = [parse_id(v) for v in value]
        if None in ids:
            raise ValidationError(
                gettext_lazy("This list was tampered with. Reload the page and try again."),
                code="invalid",
            )
        return list(dict.fromkeys(ids))


@dataclass
class Chosen:
    """One row of a picker's list."""

    pk: int
    name: str
    detail: str = ""
    new: bool = False
    removed: bool = False


def _picker_input(list_id: str) -> PartyLookupInput:
    # htmx sends the chosen ids along, so that a suggestion picked twice is listed once.
    return PartyLookupInput(attrs={"hx-include": f"#{list_id}"})


class ParticipantPickersForm(forms.Form):
    """The two pickers, on their own (the lookup views render a fresh field after a pick) or
    in the event form. `participants`: the event's current ones (`selectors.participants_for`),
    `parties`: the parties the user may pick (permission-filtered), `owner`: the event's owner
    (the organizer, never a participant)."""

    participant_users = IdsField(required=False)
    remove_users = IdsField(required=False)
    add_users = forms.CharField(
        label=gettext_lazy("Add colleagues"),
        required=False,
        max_length=ENTRY_MAX,
        widget=_picker_input(CHOSEN_LIST_IDS["users"]),
        help_text=gettext_lazy(
            "Type a name, username or e-mail and pick a suggestion; without suggestions, "
            "separate several with semicolons."
        ),
    )
    participant_parties = IdsField(required=False)
    remove_parties = IdsField(required=False)
    add_parties = forms.CharField(
        label=gettext_lazy("Add contacts, customers and leads"),
        required=False,
        max_length=ENTRY_MAX,
        widget=_picker_input(CHOSEN_LIST_IDS["parties"]),
        help_text=gettext_lazy(
            "A name, a number such as #42 or an e-mail address; several separated by "
            "semicolons. Only people and companies you may see."
        ),
    )

    def __init__(self, *args, parties=None, participants=(), owner: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pickable_parties = parties if parties is not None else Party.objects.none()
        self.participants = list(participants)
        self.owner = owner
        self.fields["add_users"].widget.lookup_url = reverse("events:user_lookup")
        self.fields["add_parties"].widget.lookup_url = reverse("events:party_lookup")
        self._user_rows: list[Chosen] | None = None
        self._party_rows: list[Chosen] | None = None
        self.chosen_user_list: list[User] = []
        self.chosen_party_list: list[Party] = []

    # Errors on the hidden lists show next to their picker's text field.
    def add_error(self, field, error):
        if isinstance(error, ValidationError) and hasattr(error, "error_dict") and field is None:
            for name, errors in error.error_dict.items():
                for item in errors:
                    self.add_error(name, item)
            return
        if field in USER_FIELDS[:2]:
            field = "add_users"
        elif field in PARTY_FIELDS[:2]:
            field = "add_parties"
        super().add_error(field, error)

    @property
    def restricted_participant_count(self) -> int:
        """Party participants the user may not see: not offered, and kept as they are."""
        return sum(1 for p in self.participants if p.party_id and not p.visible)

    # The lists, as shown ---------------------------------------------------------------

    def _current(self):
        users = {p.user_id: p for p in self.participants if p.user_id}
        parties = {p.party_id: p for p in self.participants if p.party_id and p.visible}
        return users, parties

    @property
    def user_rows(self) -> list[Chosen]:
        if self._user_rows is None:
            current, _parties = self._current()
            chosen = self.initial.get("participant_users")
            if chosen is None:
                chosen = [p.user for p in current.values()]
            self._user_rows = [self._user_row(u, current) for u in chosen]
        return self._user_rows

    @property
    def party_rows(self) -> list[Chosen]:
        if self._party_rows is None:
            _users, current = self._current()
            chosen = self.initial.get("participant_parties")
            if chosen is None:
                chosen = [p.party for p in current.values()]
            self._party_rows = [self._party_row(p, current) for p in chosen]
        return self._party_rows

    @staticmethod
    def _response(participant) -> str:
        if participant is None:
            return ""
        return str(ParticipantResponse(participant.response).label)

    def _user_row(self, user: User, current, removed=()) -> Chosen:
        participant = current.get(user.pk)
        return Chosen(
            pk=user.pk,
            name=person_label(user),
            detail=self._response(participant),
            new=participant is None,
            removed=user.pk in removed,
        )

    def _party_row(self, party: Party, current, removed=()) -> Chosen:
        participant = current.get(party.pk)
        return Chosen(
            pk=party.pk,
            name=party.display_name,
            detail=self._response(participant),
            new=participant is None,
            removed=party.pk in removed,
        )

    # Cleaning ----------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        if not any(name in self.errors for name in USER_FIELDS):
            self._clean_users(data)
        if not any(name in self.errors for name in PARTY_FIELDS):
            self._clean_parties(data)
        return data

    def _leave_in_field(self, name: str, unresolved: list[str]) -> None:
        """Shows only what could not be resolved in the field again (the rest is listed)."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = "; ".join(unresolved)

    def _clean_users(self, data: dict) -> None:
        current, _parties = self._current()
        posted = data.get("participant_users") or []
        removed = set(data.get("remove_users") or [])
        found = {u.pk: u for u in picks.colleagues().filter(pk__in=posted)}
        # A participant since made inactive stays listed (and may be removed).
        found.update({pk: p.user for pk, p in current.items() if pk in posted and pk not in found})
        if any(pk not in found for pk in posted):
            self.add_error("add_users", _("Choose active colleagues."))
            return
        chosen = [found[pk] for pk in posted]
        unresolved, errors = [], []
        for entry in entries(data.get("add_users", "")):
            user, error = self._resolve_user(entry)
            if user is None:
                unresolved.append(entry)
                errors.append(error)
            elif all(user.pk != u.pk for u in chosen):
                chosen.append(user)
        if self.owner is not None:
            chosen = [u for u in chosen if u.pk != self.owner.pk]
        self._user_rows = [self._user_row(u, current, removed) for u in chosen]
        self.chosen_user_list = [u for u in chosen if u.pk not in removed]
        if errors:
            self._leave_in_field("add_users", unresolved)
            for error in errors:
                self.add_error("add_users", error)

    @staticmethod
    def _resolve_user(entry: str) -> tuple[User | None, str]:
        match = USER_PICK.match(entry)
        named = picks.users_named(match.group("username") if match else entry)
        if len(named) == 1:
            return named[0], ""
        if named:
            return None, _(
                "Several colleagues are named “%(name)s”: type their username or e-mail."
            ) % {"name": entry}
        return None, _("No active colleague is named “%(name)s”.") % {"name": entry}

    def _clean_parties(self, data: dict) -> None:
        _users, current = self._current()
        posted = data.get("participant_parties") or []
        removed = set(data.get("remove_parties") or [])
        found = {p.pk: p for p in self.pickable_parties.filter(pk__in=posted)}
        if any(pk not in found for pk in posted):
            self.add_error("add_parties", _("Choose participants you may see."))
            return
        chosen = [found[pk] for pk in posted]
        lookup = PartyLookupField(queryset=self.pickable_parties, noun=_("participant"))
        unresolved, errors = [], []
        for entry in entries(data.get("add_parties", "")):
            party, error = self._resolve_party(lookup, entry)
            if party is None:
                unresolved.append(entry)
                errors.append(error)
            elif all(party.pk != p.pk for p in chosen):
                chosen.append(party)
        self._party_rows = [self._party_row(p, current, removed) for p in chosen]
        self.chosen_party_list = [p for p in chosen if p.pk not in removed]
        if errors:
            self._leave_in_field("add_parties", unresolved)
            for error in errors:
                self.add_error("add_parties", error)

    def _resolve_party(self, lookup: PartyLookupField, entry: str) -> tuple[Party | None, str]:
        if "@" in entry and "(#" not in entry:
            found = picks.parties_with_email(self.pickable_parties, entry)
            if len(found) == 1:
                return found[0], ""
            if found:
                return None, _(
                    "Several people you may see have the address “%(email)s”: type the name "
                    "or pick one from the suggestions."
                ) % {"email": entry}
            return None, _("Nobody you may see has the address “%(email)s”.") % {"email": entry}
        try:
            return lookup.clean(entry), ""
        except ValidationError as exc:
            return None, " ".join(exc.messages)

    # What the services get ---------------------------------------------------------------

    def chosen_users(self) -> list[User]:
        return list(self.chosen_user_list)

    def chosen_parties(self) -> list[Party] | None:
        """The party participants after this edit: the listed ones not removed, the added
        ones, and those the user may not see (kept). None when that is who already takes
        part."""
        parties = list(self.chosen_party_list)
        parties += [p.party for p in self.participants if p.party_id and not p.visible]
        current = {p.party_id for p in self.participants if p.party_id}
        if {p.pk for p in parties} == current:
            return None
        return parties
