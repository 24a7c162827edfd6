"""Bulk actions on the lists of contacts, accounts and customers (crm/bulk.py): change owner,
add a tag, disable, export; leads/bulk.py adds "add to a contact list". The partners list
has its own: change channel manager, export."""

from __future__ import annotations

from importlib.util import find_spec

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from crm import bulk
from crm.access import CHANGE, DELETE
from parties import selectors, services
from parties.filters import FILTERS, ListOptionsForm, PartnerFilter, PartnerListOptionsForm
from parties.kinds import ACCOUNTS, CONTACTS, CUSTOMERS, PageKind
from parties.models import Party, PartyStatus
from parties.normalize import phone_for_people
from parties.selectors.partners import VIEW_PERMISSION
from parties.selectors.partners import scoped as partner_scoped


def filtered(
    viewer: User,
    params: QueryDict,
    queryset: QuerySet,
    *,
    filterset_class,
    options_class=ListOptionsForm,
    scope_with=selectors.scoped,
    **filter_kwargs,
) -> QuerySet:
    """A list's rows for its query string, as parties.views.lists.list_page_context narrows
    them (scope tab, then the filters), without order or page."""
    options = options_class(params)
    options.is_valid()
    scope = options.cleaned_data.get("scope") or "all"
    queryset = scope_with(viewer, queryset, scope)
    filterset = filterset_class(params or None, queryset=queryset, **filter_kwargs)
    if filterset.is_bound and filterset.is_valid():
        queryset = filterset.qs
    return queryset


def _page_rows(kind: PageKind):
    def rows(user: User, params: QueryDict) -> QuerySet[Party]:
        return filtered(
            user,
            params,
            selectors.page_queryset(user, kind),
            filterset_class=FILTERS[kind.slug],
            user=user,
        )

    return rows


def party_records(ids: list[int]) -> QuerySet[Party]:
    """Parties for the services: with the owner's team (reassigning reads it)."""
    return (
        Party.objects.filter(pk__in=ids).select_related("owner__profile__home_team").order_by("pk")
    )


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def party_csv(kind: PageKind):
    """The list's columns, as the user sees them (an employer they may not see is
    "restricted")."""

    def rows(user: User, ids: list[int]):
        parties = list(
            selectors.with_list_columns(Party.objects.filter(pk__in=ids)).order_by(
                "display_name", "pk"
            )
        )
        selectors.mark_visible_employers(user, parties)
        for party in parties:
            row = [party.display_name]
            if kind == CONTACTS:
                employer = ""
                if party.employer_id:
                    employer = party.employer_name if party.employer_visible else _("restricted")
                row += [employer, party.job_title]
            elif kind == ACCOUNTS:
                row.append(party.industry)
            elif kind == CUSTOMERS:
                row.append(_("Person (B2C)") if party.is_person else _("Organization (B2B)"))
            row += [
                party.primary_email or "",
                phone_for_people(party.primary_phone) if party.primary_phone else "",
                party.owner.username,
                _date(party.updated_at),
            ]
            yield row

    return rows


def party_csv_header(kind: PageKind) -> list:
    header = [_("Name")]
    if kind == CONTACTS:
        header += [_("Account"), _("Job title")]
    elif kind == ACCOUNTS:
        header.append(_("Industry"))
    elif kind == CUSTOMERS:
        header.append(_("Type"))
    return header + [_("E-mail"), _("Phone"), _("Owner"), _("Updated")]


def _reassign(*, actor: User, record: Party, new_owner: User) -> bool:
    if record.owner_id == new_owner.pk:
        return False
    services.party_reassign(actor=actor, party=record, new_owner=new_owner)
    return True


def _disable(*, actor: User, record: Party) -> bool:
    if record.status == PartyStatus.DISABLED:
        return False
    services.party_set_status(actor=actor, party=record, status=PartyStatus.DISABLED)
    return True


class TagForm(forms.Form):
    tag = forms.CharField(label=_("Tag"), max_length=50)

    def __init__(self, data=None, *, user: User):
        super().__init__(data)
        self.fields["tag"].widget.attrs.update({"list": "tag-options", "autocomplete": "off"})

    def params(self) -> dict:
        return {"tag": self.cleaned_data["tag"]}


def tags_available() -> bool:
    """Tags come with parties.services.tags (issue 17's tags)."""
    return find_spec("parties.services.tags") is not None


def prepare_tag(user: User, params: dict) -> dict:
    from parties.services.tags import tag_get_or_create

    return {"tag": tag_get_or_create(actor=user, name=params.get("tag", ""))}


def _tag(*, actor: User, record: Party, tag) -> bool:
    from parties.services.tags import tag_add

    return tag_add(actor=actor, record=record, tag=tag)


def tag_action() -> bulk.BulkAction:
    return bulk.BulkAction(
        "tag",
        _("Add a tag"),
        allowed=bulk.holding(Party, CHANGE),
        apply=_tag,
        form_class=TagForm,
        prepare=prepare_tag,
        offered=lambda user: tags_available(),
        unchanged_text=_("had the tag already"),
    )


def owner_action(model=Party, apply=_reassign) -> bulk.BulkAction:
    return bulk.BulkAction(
        "owner",
        _("Change owner"),
        allowed=bulk.reassignable(model),
        apply=apply,
        form_class=bulk.OwnerForm,
        prepare=bulk.prepare_owner(),
        unchanged_text=_("had that owner already"),
    )


def disable_action() -> bulk.BulkAction:
    return bulk.BulkAction(
        "disable",
        _("Disable"),
        allowed=bulk.holding(Party, DELETE),
        apply=_disable,
        unchanged_text=_("were disabled already"),
        confirm_text=_("Disabled records stay, with their history; they can be enabled again."),
    )


def _party_list(kind: PageKind) -> bulk.BulkList:
    return bulk.register(
        bulk.BulkList(
            kind.slug,
            nouns=(kind.singular, kind.plural.lower()),
            list_url=f"{kind.slug}:list",
            queryset=_page_rows(kind),
            records=party_records,
            csv_header=party_csv_header(kind),
            csv_rows=party_csv(kind),
        ).add(owner_action(), tag_action(), disable_action(), bulk.export_action())
    )


CONTACT_LIST = _party_list(CONTACTS)
ACCOUNT_LIST = _party_list(ACCOUNTS)
CUSTOMER_LIST = _party_list(CUSTOMERS)


# Partners ---------------------------------------------------------------------------------
# Partners are shared business records (parties.selectors.partners): whoever holds the view
# permission sees every row; the "owner" the list shows is the channel manager of the latest
# agreement, changed as the partner's edit page changes it (partnership_update, the other
# terms kept). Tags and disabling are not offered: the partner pages show neither (ending an
# agreement is the partner's own action, with its date).


def _active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("username")


def partner_rows(user: User, params: QueryDict) -> QuerySet[Party]:
    """The partners list's rows for its query string (parties.views.PartnerListView)."""
    if not user.has_perm(VIEW_PERMISSION):
        return Party.objects.none()
    return filtered(
        user,
        params,
        selectors.partners_for_list(),
        filterset_class=PartnerFilter,
        options_class=PartnerListOptionsForm,
        scope_with=partner_scoped,
        user=user,
    )


def partner_records(ids: list[int]) -> list[Party]:
    """Partners with their latest terms (`terms`), which the services change."""
    rows = list(selectors.partners_for_list().filter(pk__in=ids).order_by("pk"))
    return selectors.attach_terms(rows)


def partner_csv(user: User, ids: list[int]):
    rows = selectors.partners_for_list().filter(pk__in=ids).order_by("display_name", "pk")
    for partner in selectors.attach_terms(list(rows)):
        terms = partner.terms
        if terms.is_current:
            agreement = _("Current since %(day)s") % {"day": _date(terms.from_date)}
        else:
            agreement = _("Ended %(day)s") % {"day": _date(terms.thru_date)}
        yield [
            partner.display_name,
            terms.get_type_display(),
            terms.owner.get_full_name() or terms.owner.username,
            formats.number_format(terms.commission_rate, 2),
            agreement,
        ]


PARTNER_CSV_HEADER = [
    _("Partner"),
    _("Type"),
    _("Channel manager"),
    _("Commission"),
    _("Agreement"),
]


def _partner_changeable(user: User, queryset: QuerySet[Party]) -> QuerySet[Party]:
    """As partner_actions, in SQL: those with the change permission change every partner,
    a channel manager the partners they manage."""
    if user.has_perm("parties.change_partnership"):
        return queryset
    return queryset.filter(terms_owner_id=user.pk)


def _channel_manager(*, actor: User, record: Party, new_owner: User) -> bool:
    """An ended agreement is refused by the service (a ValidationError: counted, with why)."""
    terms = record.terms
    if terms.owner_id == new_owner.pk:
        return False
    services.partnership_update(
        actor=actor,
        partnership=terms,
        expected_version=terms.version,
        type=terms.type,
        owner=new_owner,
        commission_rate=terms.commission_rate,
        from_date=terms.from_date,
    )
    return True


class ChannelManagerForm(bulk.OwnerForm):
    def __init__(self, data=None, *, user: User):
        super().__init__(data, user=user, owners=_active_users())
        self.fields["owner"].label = _("New channel manager")


def _may_view_partners(user: User) -> bool:
    return user.has_perm(VIEW_PERMISSION)


PARTNER_LIST = bulk.register(
    bulk.BulkList(
        "partners",
        nouns=(_("partner"), _("partners")),
        list_url="partners:list",
        queryset=partner_rows,
        records=partner_records,
        csv_header=PARTNER_CSV_HEADER,
        csv_rows=partner_csv,
    ).add(
        bulk.BulkAction(
            "owner",
            _("Change channel manager"),
            allowed=_partner_changeable,
            apply=_channel_manager,
            form_class=ChannelManagerForm,
            prepare=bulk.prepare_owner(lambda user: _active_users()),
            offered=_may_view_partners,
            unchanged_text=_("had that channel manager already"),
            confirm_text=_("Only current agreements change; ended ones are history."),
        ),
        bulk.BulkAction("export", _("Export CSV"), export=True, offered=_may_view_partners),
    )
)
