"""Bulk actions on the leads list (crm/bulk.py), "add to a contact list" on the lists of
leads, contacts and customers (the parties that can be members), and the campaigns and
contact lists lists' own (export; a campaign's owner)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from crm import access, bulk, inline
from crm.access import CHANGE
from crm.exceptions import ConcurrentUpdate
from crm.forms import RecordChoiceField
from crm.people import people
from leads import selectors, services
from leads.filters import LeadFilter, LeadListOptionsForm
from leads.forms import CampaignListOptionsForm, ContactListFilterForm
from leads.models import (
    LEAD_TRANSITIONS,
    ContactList,
    ContactListMember,
    LeadStatus,
    MarketingCampaign,
    MemberStatus,
)
from leads.records import LEAD
from leads.services.leads import locked_lead
from parties import bulk as party_bulk
from parties import selectors as party_selectors
from parties.kinds import LEADS
from parties.models import Party
from parties.normalize import phone_for_people

CHANGE_LIST = "leads.change_contactlist"


def lead_rows(user: User, params: QueryDict) -> QuerySet[Party]:
    """The leads list's rows for its query string (leads.views.LeadListView)."""
    return party_bulk.filtered(
        user,
        params,
        party_selectors.page_queryset(user, LEADS).filter(lead__isnull=False),
        filterset_class=LeadFilter,
        options_class=LeadListOptionsForm,
    )


def lead_csv(user: User, ids: list[int]):
    parties = selectors.leads_for_list(user).filter(pk__in=ids).order_by("-created_at", "pk")
    for party in parties:
        yield [
            party.display_name,
            party.lead.company_name,
            party.lead.get_status_display(),
            str(party.source or ""),
            str(party.lead.campaign or ""),
            party.primary_email or "",
            phone_for_people(party.primary_phone) if party.primary_phone else "",
            party.owner.username,
            formats.date_format(party.created_at, "SHORT_DATE_FORMAT"),
        ]


LEAD_CSV_HEADER = [
    _("Name"),
    _("Company"),
    _("Status"),
    _("Source"),
    _("Campaign"),
    _("E-mail"),
    _("Phone"),
    _("Owner"),
    _("Created"),
]


def _assign(*, actor: User, record: Party, new_owner: User) -> bool:
    """Through lead_assign: a NEW lead becomes ASSIGNED; a converted one is refused."""
    if record.owner_id == new_owner.pk:
        return False
    services.lead_assign(actor=actor, leads=[record.lead], new_owner=new_owner)
    return True


def lead_records(ids: list[int]) -> QuerySet[Party]:
    return party_bulk.party_records(ids).select_related("lead")


class LeadOwnerForm(bulk.OwnerForm):
    """Leads go to a rep of the teams the user manages (leads.services.assignable_owners)."""

    def __init__(self, data=None, *, user: User):
        super().__init__(data, user=user, owners=services.assignable_owners(user))


def _can_assign(user: User) -> bool:
    return access.is_administrator(user) or access.manages_a_team(user)


class ContactListForm(forms.Form):
    contact_list = RecordChoiceField(label=_("Contact list"), queryset=ContactList.objects.none())

    def __init__(self, data=None, *, user: User):
        super().__init__(data)
        self.fields["contact_list"].queryset = ContactList.objects.order_by("name")

    def params(self) -> dict:
        return {"contact_list": self.cleaned_data["contact_list"].pk}


def _prepare_list(user: User, params: dict) -> dict:
    contact_list = ContactList.objects.filter(pk=params.get("contact_list")).first()
    if contact_list is None:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("The contact list no longer exists."))
    return {"contact_list": contact_list}


def _add_to_list(*, actor: User, record: Party, contact_list: ContactList) -> bool:
    if ContactListMember.objects.filter(
        contact_list=contact_list, party=record, thru_date__isnull=True
    ).exists():
        return False
    try:
        services.contact_list_member_add(actor=actor, contact_list=contact_list, party=record)
    except IntegrityError:  # added by someone else a moment ago
        return False
    return True


def contact_list_action() -> bulk.BulkAction:
    """Members are the rows the user may see (as on the list's own page); lists are
    changed by those with the contact-list permission (Marketing, managers, ...)."""
    return bulk.BulkAction(
        "contact_list",
        _("Add to a contact list"),
        apply=_add_to_list,
        form_class=ContactListForm,
        prepare=_prepare_list,
        offered=lambda user: user.has_perm(CHANGE_LIST),
        unchanged_text=_("were on the list already"),
        confirm_text=_("They are added as pending members: accepting needs their consent."),
    )


LEAD_LIST = bulk.register(
    bulk.BulkList(
        "leads",
        nouns=(_("lead"), _("leads")),
        list_url="leads:list",
        queryset=lead_rows,
        records=lead_records,
        csv_header=LEAD_CSV_HEADER,
        csv_rows=lead_csv,
    ).add(
        bulk.BulkAction(
            "owner",
            _("Change owner"),
            allowed=bulk.reassignable(Party),
            apply=_assign,
            form_class=LeadOwnerForm,
            prepare=bulk.prepare_owner(services.assignable_owners),
            offered=_can_assign,
            unchanged_text=_("had that owner already"),
        ),
        contact_list_action(),
        party_bulk.tag_action(),
        party_bulk.disable_action(),
        bulk.export_action(),
    )
)

for _list in (party_bulk.CONTACT_LIST, party_bulk.CUSTOMER_LIST):
    _list.actions = {
        **dict(list(_list.actions.items())[:1]),
        "contact_list": contact_list_action(),
        **dict(list(_list.actions.items())[1:]),
    }


# Inline edit of the status ---------------------------------------------------------------


class StatusForm(inline.VersionForm):
    """The moves the lead's page offers from its status; a disqualification needs a reason.
    `was` is the status the form was shown for: a lead moved meanwhile is a conflict."""

    status = forms.ChoiceField(label=_("Status"))
    reason = forms.CharField(label=_("Reason (when disqualifying)"), required=False, max_length=255)
    was = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        current = LeadStatus(record.lead.status)
        self.fields["status"].choices = [
            (s.value, s.label) for s in (current, *LEAD_TRANSITIONS[current])
        ]
        self.fields["status"].initial = current.value
        self.fields["was"].initial = current.value
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs["class"] = "form-control form-control-sm"


@transaction.atomic
def _save_status(*, actor: User, record: Party, form) -> Party:
    lead = locked_lead(record.lead)
    if (
        lead.status != form.cleaned_data["was"]
        or lead.party.version != form.cleaned_data["version"]
    ):
        raise ConcurrentUpdate
    if form.cleaned_data["status"] != lead.status:
        services.lead_set_status(
            actor=actor,
            lead=lead,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    return record


INLINE = inline.InlineList(
    record_type=LEAD,
    url_name="leads:inline",
    edit_url_name="leads:detail",  # the status is changed on the lead's page
    detail_url_name="leads:detail",
    fields={
        "status": inline.InlineField(
            "status",
            _("status"),
            StatusForm,
            _save_status,
            lambda user, record, actions: CHANGE in actions,
            "leads/_inline_status.html",
        ),
    },
)
inline_view = inline.inline_view(INLINE)


# Campaigns and contact lists ------------------------------------------------------------
# Neither is record-guarded: the role groups' model permissions decide, for every row alike
# (leads.records). Campaigns have an owner their edit page changes; contact lists' edit page
# has none, and neither has a disabled or archived state (a campaign's status is its
# lifecycle, moved on its page), so those actions are not offered.

VIEW_CAMPAIGN = "leads.view_marketingcampaign"
CHANGE_CAMPAIGN = "leads.change_marketingcampaign"
VIEW_LIST = "leads.view_contactlist"


def _permitted(permission: str):
    """The `allowed` of an action on rows without grants: all of them, or none."""

    def allowed(user: User, queryset: QuerySet) -> QuerySet:
        return queryset if user.has_perm(permission) else queryset.none()

    return allowed


def _money(value) -> str:
    return "" if value is None else formats.number_format(value, 2)


def campaign_rows(user: User, params: QueryDict) -> QuerySet[MarketingCampaign]:
    """The campaigns list's rows for its query string (leads.views.CampaignListView)."""
    if not user.has_perm(VIEW_CAMPAIGN):
        return MarketingCampaign.objects.none()
    options = CampaignListOptionsForm(params)
    options.is_valid()
    return selectors.campaigns_for_list(status=options.cleaned_data.get("status") or "")


def campaign_records(ids: list[int]) -> QuerySet[MarketingCampaign]:
    return MarketingCampaign.objects.filter(pk__in=ids).select_related("owner").order_by("pk")


def campaign_csv(user: User, ids: list[int]):
    for campaign in selectors.campaigns_for_list().filter(pk__in=ids):
        yield [
            campaign.name,
            campaign.get_status_display(),
            formats.date_format(campaign.start_date, "SHORT_DATE_FORMAT")
            if campaign.start_date
            else "",
            formats.date_format(campaign.end_date, "SHORT_DATE_FORMAT")
            if campaign.end_date
            else "",
            _money(campaign.budgeted_cost),
            _money(campaign.actual_cost),
            campaign.currency,
            campaign.leads_generated,
            _("Published") if campaign.capture_enabled else _("Not published"),
            campaign.owner.username,
        ]


CAMPAIGN_CSV_HEADER = [
    _("Name"),
    _("Status"),
    _("Start date"),
    _("End date"),
    _("Budgeted cost"),
    _("Actual cost"),
    _("Currency"),
    _("Leads"),
    _("Web form"),
    _("Owner"),
]


def _campaign_owner(*, actor: User, record: MarketingCampaign, new_owner: User) -> bool:
    """As the campaign's edit page: campaign_update (its web form's leads go to the owner)."""
    if record.owner_id == new_owner.pk:
        return False
    services.campaign_update(actor=actor, campaign=record, owner=new_owner)
    return True


class CampaignOwnerForm(bulk.OwnerForm):
    """The owners the campaign's edit page offers: any active user."""

    def __init__(self, data=None, *, user: User):
        super().__init__(data, user=user, owners=people())


CAMPAIGN_LIST = bulk.register(
    bulk.BulkList(
        "campaigns",
        nouns=(_("campaign"), _("campaigns")),
        list_url="campaigns:list",
        queryset=campaign_rows,
        records=campaign_records,
        csv_header=CAMPAIGN_CSV_HEADER,
        csv_rows=campaign_csv,
    ).add(
        bulk.BulkAction(
            "owner",
            _("Change owner"),
            allowed=_permitted(CHANGE_CAMPAIGN),
            apply=_campaign_owner,
            form_class=CampaignOwnerForm,
            prepare=bulk.prepare_owner(lambda user: people()),
            offered=lambda user: user.has_perm(CHANGE_CAMPAIGN),
            unchanged_text=_("had that owner already"),
            confirm_text=_("Leads from their web forms will be owned by the new owner."),
        ),
        bulk.BulkAction(
            "export",
            _("Export CSV"),
            export=True,
            offered=lambda user: user.has_perm(VIEW_CAMPAIGN),
        ),
    )
)


def contact_list_rows(user: User, params: QueryDict) -> QuerySet[ContactList]:
    """The contact lists list's rows for its query string (leads.views.ContactListListView)."""
    if not user.has_perm(VIEW_LIST):
        return ContactList.objects.none()
    options = ContactListFilterForm(params)
    options.is_valid()
    queryset = ContactList.objects.all()
    if list_type := options.cleaned_data.get("list_type"):
        queryset = queryset.filter(list_type=list_type)
    return queryset


def contact_list_csv(user: User, ids: list[int]):
    """The list's columns, its member counts as the list shows them (current members)."""
    current = Q(members__thru_date__isnull=True)
    rows = (
        ContactList.objects.filter(pk__in=ids)
        .select_related("owner", "campaign")
        .annotate(
            current_count=Count("members", filter=current),
            accepted_count=Count(
                "members", filter=current & Q(members__status=MemberStatus.ACCEPTED)
            ),
        )
        .order_by("name", "pk")
    )
    for contact_list in rows:
        yield [
            contact_list.name,
            contact_list.get_list_type_display(),
            contact_list.get_channel_display(),
            contact_list.campaign.name if contact_list.campaign_id else "",
            contact_list.owner.get_full_name() or contact_list.owner.username,
            contact_list.current_count,
            contact_list.accepted_count,
        ]


CONTACT_LIST_CSV_HEADER = [
    _("Name"),
    _("Type"),
    _("Channel"),
    _("Campaign"),
    _("Owner"),
    _("Members"),
    _("Accepted"),
]

CONTACT_LIST_LIST = bulk.register(
    bulk.BulkList(
        "contact_lists",
        nouns=(_("contact list"), _("contact lists")),
        list_url="contact_lists:list",
        queryset=contact_list_rows,
        records=lambda ids: ContactList.objects.filter(pk__in=ids).order_by("pk"),
        csv_header=CONTACT_LIST_CSV_HEADER,
        csv_rows=contact_list_csv,
    ).add(
        bulk.BulkAction(
            "export",
            _("Export CSV"),
            export=True,
            offered=lambda user: user.has_perm(VIEW_LIST),
        ),
    )
)
