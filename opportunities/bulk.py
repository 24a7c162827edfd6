"""Bulk actions on the opportunities list (crm/bulk.py: change owner, add a tag, export) and
its inline-editable columns (crm/inline.py: stage, expected close date, owner)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from crm import access, bulk, inline
from crm.access import CHANGE
from crm.exceptions import ConcurrentUpdate
from crm.forms import PersonChoiceField, RecordChoiceField, people
from opportunities import selectors, services
from opportunities.filters import OpportunityFilter, OpportunityListOptionsForm
from opportunities.models import Opportunity, OpportunityStage, StageKind
from opportunities.records import OPPORTUNITY
from parties import bulk as party_bulk
from parties.bulk import TagForm


def opportunity_rows(user: User, params: QueryDict) -> QuerySet[Opportunity]:
    """The list's rows for its query string (opportunities.views.OpportunityListView)."""
    return party_bulk.filtered(
        user,
        params,
        selectors.opportunities_visible_to(user),
        filterset_class=OpportunityFilter,
        options_class=OpportunityListOptionsForm,
        user=user,
    )


def opportunity_records(ids: list[int]) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(pk__in=ids)
        .select_related("owner__profile__home_team", "stage")
        .order_by("pk")
    )


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def opportunity_csv(user: User, ids: list[int]):
    opportunities = list(
        selectors.with_columns(Opportunity.objects.filter(pk__in=ids)).order_by(
            "expected_close_date", "pk"
        )
    )
    selectors.mark_visible_parties(user, opportunities)
    for deal in opportunities:
        account = ""
        if deal.account_id:
            account = deal.account.display_name if deal.account_visible else _("restricted")
        yield [
            deal.name,
            account,
            str(deal.stage),
            deal.amount,
            deal.currency,
            deal.probability,
            _date(deal.expected_close_date),
            deal.next_step,
            deal.owner.username,
        ]


CSV_HEADER = [
    _("Opportunity"),
    _("Account"),
    _("Stage"),
    _("Amount"),
    _("Currency"),
    _("Probability"),
    _("Close date"),
    _("Next step"),
    _("Owner"),
]


def _reassign(*, actor: User, record: Opportunity, new_owner: User) -> bool:
    if record.owner_id == new_owner.pk:
        return False
    services.opportunity_reassign(actor=actor, opportunity=record, new_owner=new_owner)
    return True


def _prepare_tag(user: User, params: dict) -> dict:
    from parties.services.tags import tag_get_or_create

    return {"tag": tag_get_or_create(actor=user, name=params.get("tag", ""))}


def _tag(*, actor: User, record: Opportunity, tag) -> bool:
    from opportunities.services.tags import opportunity_tag_add

    return opportunity_tag_add(actor=actor, record=record, tag=tag)


OPPORTUNITY_LIST = bulk.register(
    bulk.BulkList(
        "opportunities",
        nouns=(_("opportunity"), _("opportunities")),
        list_url="opportunities:list",
        queryset=opportunity_rows,
        records=opportunity_records,
        csv_header=CSV_HEADER,
        csv_rows=opportunity_csv,
    ).add(
        party_bulk.owner_action(Opportunity, _reassign),
        bulk.BulkAction(
            "tag",
            _("Add a tag"),
            allowed=bulk.holding(Opportunity, CHANGE),
            apply=_tag,
            form_class=TagForm,
            prepare=_prepare_tag,
            offered=lambda user: party_bulk.tags_available(),
            unchanged_text=_("had the tag already"),
        ),
        bulk.export_action(),
    )
)


# Inline edit ------------------------------------------------------------------------------


def _may_change(user, record: Opportunity, actions: set[str]) -> bool:
    return CHANGE in actions


class StageForm(inline.VersionForm):
    stage = RecordChoiceField(label=_("Stage"), queryset=OpportunityStage.objects.none())

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        self.fields["stage"].queryset = OpportunityStage.objects.filter(
            kind=StageKind.OPEN, active=True
        ).order_by("position")
        self.fields["stage"].initial = record.stage_id
        self.fields["stage"].widget.attrs["class"] = "form-select form-select-sm"


class CloseDateForm(inline.VersionForm):
    expected_close_date = forms.DateField(
        label=_("Close date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        field = self.fields["expected_close_date"]
        field.initial = record.expected_close_date
        field.widget.attrs["class"] = "form-control form-control-sm"


class OwnerForm(inline.VersionForm):
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none())

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        field = self.fields["owner"]
        field.queryset = people()
        field.initial = record.owner_id
        field.widget.attrs["class"] = "form-control form-control-sm"


def _update(field: str):
    def save(*, actor: User, record: Opportunity, form) -> Opportunity:
        return services.opportunity_update(
            actor=actor,
            opportunity=record,
            expected_version=form.cleaned_data["version"],
            **{field: form.cleaned_data[field]},
        )

    return save


@transaction.atomic
def _save_owner(*, actor: User, record: Opportunity, form) -> Opportunity:
    """As the Sharing page's reassign (which carries no version): a stale form is refused."""
    current = Opportunity.objects.select_for_update().get(pk=record.pk)
    if current.version != form.cleaned_data["version"]:
        raise ConcurrentUpdate
    services.opportunity_reassign(
        actor=actor, opportunity=record, new_owner=form.cleaned_data["owner"]
    )
    return record


INLINE = inline.InlineList(
    record_type=OPPORTUNITY,
    url_name="opportunities:inline",
    edit_url_name="opportunities:edit",
    detail_url_name="opportunities:detail",
    fields={
        "stage": inline.InlineField(
            "stage",
            _("stage"),
            StageForm,
            _update("stage"),
            _may_change,
            "opportunities/_inline_stage.html",
            refreshes_row=True,
        ),
        "close_date": inline.InlineField(
            "close_date",
            _("close date"),
            CloseDateForm,
            _update("expected_close_date"),
            _may_change,
            "opportunities/_inline_close_date.html",
        ),
        "owner": inline.InlineField(
            "owner",
            _("owner"),
            OwnerForm,
            _save_owner,
            lambda user, record, actions: access.can_reassign(user, record),
            "opportunities/_inline_owner.html",
        ),
    },
)
inline_view = inline.inline_view(INLINE)
