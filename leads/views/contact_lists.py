"""Contact lists: the lists, their members and the CSV export for a mailing.

Lists are guarded by model permissions (view: sales and marketing; add/change: marketing).
Members are parties: one the viewer may not see is shown as "restricted" and never exported."""

from __future__ import annotations

import csv
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import FormView, TemplateView

from crm import access
from crm.access import CHANGE, VIEW
from crm.forms import add_service_errors
from crm.records import RecordMixin, record_or_404
from crm.views import PageTitleMixin
from leads import records, selectors, services
from leads.forms import (
    ContactListFilterForm,
    ContactListForm,
    ContactListMemberForm,
    MemberStatusFilterForm,
    MemberStatusForm,
)
from leads.models import (
    CHANNEL_CONSENT,
    ContactList,
    ContactListChannel,
    ContactListMember,
    MemberStatus,
)
from parties.models import Consent
from parties.selectors import listable_ids

VIEW_PERMISSION = "leads.view_contactlist"
ADD_PERMISSION = "leads.add_contactlist"
CHANGE_PERMISSION = "leads.change_contactlist"


def _require(request: HttpRequest, permission: str) -> None:
    access.require_perm(request.user, permission)


def _load(request: HttpRequest, pk, action: str = VIEW) -> ContactList:
    """Without the view permission 403; an unknown list 404; visible but not allowed 403."""
    contact_list, _actions = record_or_404(request, records.CONTACT_LIST, pk, action)
    return contact_list


def _purpose_label(contact_list: ContactList) -> str:
    purpose = CHANNEL_CONSENT[ContactListChannel(contact_list.channel)]
    return str(Consent(purpose=purpose).get_purpose_display())


class ContactListListView(TemplateView):
    template_name = "leads/contact_list_list.html"

    def dispatch(self, request, *args, **kwargs):
        _require(request, VIEW_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = ContactListFilterForm(self.request.GET)
        options.is_valid()
        query = self.request.GET.copy()
        query.pop("after", None)
        query.pop("before", None)
        context.update(
            options=options,
            page=selectors.contact_lists_for_page(
                list_type=options.cleaned_data.get("list_type") or "",
                sort=options.cleaned_data.get("sort") or "name",
                after=self.request.GET.get("after"),
                before=self.request.GET.get("before"),
            ),
            querystring=query.urlencode(),
            can_add=self.request.user.has_perm(ADD_PERMISSION),
        )
        return context


class ContactListCreateView(PageTitleMixin, FormView):
    template_name = "leads/contact_list_form.html"
    form_class = ContactListForm

    def get_title(self) -> str:
        return _("New contact list")

    def dispatch(self, request, *args, **kwargs):
        _require(request, VIEW_PERMISSION)
        _require(request, ADD_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            contact_list = services.contact_list_create(
                actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was created.") % {"name": contact_list.name})
        return redirect("contact_lists:detail", contact_list.pk)


class ContactListRecordMixin(RecordMixin):
    record_type = records.CONTACT_LIST
    context_object_name = "contact_list"

    @property
    def contact_list(self) -> ContactList:
        return self.record


class ContactListEditView(PageTitleMixin, ContactListRecordMixin, FormView):
    template_name = "leads/contact_list_form.html"
    form_class = ContactListForm
    required_action = CHANGE

    def get_title(self) -> str:
        return _("Edit %(name)s") % {"name": self.contact_list.name}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.contact_list
        return kwargs

    def form_valid(self, form):
        try:
            services.contact_list_update(
                actor=self.request.user, contact_list=self.contact_list, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your changes were saved."))
        return redirect("contact_lists:detail", self.contact_list.pk)


def _add_member_form(request: HttpRequest, contact_list: ContactList, data=None):
    return ContactListMemberForm(
        data,
        candidates=selectors.member_candidates(request.user),
        lookup_url=reverse("contact_lists:member_add", args=[contact_list.pk]) + "?lookup=1",
    )


class ContactListDetailView(ContactListRecordMixin, TemplateView):
    template_name = "leads/contact_list_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        contact_list = self.contact_list
        status_filter = MemberStatusFilterForm(self.request.GET)
        status_filter.is_valid()
        status = status_filter.cleaned_data.get("status") or ""
        query = self.request.GET.copy()
        query.pop("after", None)
        query.pop("before", None)
        can_change = user.has_perm(CHANGE_PERMISSION)
        context.update(
            consent_label=_purpose_label(contact_list),
            members=selectors.members_for_page(
                user,
                contact_list,
                status=status,
                after=self.request.GET.get("after"),
                before=self.request.GET.get("before"),
                size=settings.CRM_PAGE_SIZE,
            ),
            status_filter=status,
            status_choices=MemberStatus.choices,
            querystring=query.urlencode(),
            summary=selectors.export_summary(user, contact_list),
            can_change=can_change,
            add_form=_add_member_form(self.request, contact_list) if can_change else None,
        )
        return context


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the add-member page (or, with ?lookup=1, the field's suggestions); POST: add a
    lead, contact or customer the user may see as a pending member."""
    contact_list = _load(request, pk, CHANGE)
    if request.method == "GET" and "lookup" in request.GET:
        text = request.GET.get("party") or request.GET.get("q") or ""
        parties = selectors.lookup_member_candidates(request.user, text)
        return render(request, "parties/lookup_options.html", {"parties": parties})
    form = _add_member_form(
        request, contact_list, request.POST if request.method == "POST" else None
    )
    if form.is_valid():
        party = form.cleaned_data["party"]
        try:
            services.contact_list_member_add(
                actor=request.user, contact_list=contact_list, party=party
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IntegrityError:
            # Someone added the same party a moment ago (the one-current-member constraint).
            form.add_error(
                "party", _("%(name)s is already on this list.") % {"name": party.display_name}
            )
        else:
            messages.success(
                request,
                _("%(name)s was added to the list as pending.") % {"name": party.display_name},
            )
            return redirect("contact_lists:detail", contact_list.pk)
    return render(
        request,
        "leads/contact_list_member_form.html",
        {
            "contact_list": contact_list,
            "form": form,
            "title": _("Add a member to %(name)s") % {"name": contact_list.name},
        },
    )


def _member_name(request: HttpRequest, member: ContactListMember) -> str | None:
    """The member's name, or None if the user may not see them."""
    if member.party_id in listable_ids(request.user, [member.party_id]):
        return member.party.display_name
    return None


@require_POST
def member_set_status(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    contact_list = _load(request, pk, CHANGE)
    member = selectors.member_of(contact_list, member_pk)
    form = MemberStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The status was not changed: choose a valid status."))
        return redirect("contact_lists:detail", contact_list.pk)
    status = form.cleaned_data["status"]
    name = _member_name(request, member)
    try:
        services.contact_list_member_set_status(actor=request.user, member=member, status=status)
    except ValidationError as exc:
        if name is not None or not member.is_current:
            messages.error(request, " ".join(exc.messages))
        else:
            # The service's message names the party, which this user may not see.
            messages.error(
                request,
                _("This member cannot be accepted: there is no current consent to %(purpose)s.")
                % {"purpose": _purpose_label(contact_list).lower()},
            )
    else:
        messages.success(
            request,
            _("%(name)s is now %(status)s.")
            % {
                "name": name or _("The restricted member"),
                "status": MemberStatus(status).label.lower(),
            },
        )
    return redirect("contact_lists:detail", contact_list.pk)


@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    contact_list = _load(request, pk, CHANGE)
    member = selectors.member_of(contact_list, member_pk)
    services.contact_list_member_remove(actor=request.user, member=member)
    messages.success(
        request,
        _("%(name)s was removed from the list; the membership stays in its history.")
        % {"name": _member_name(request, member) or _("The restricted member")},
    )
    return redirect("contact_lists:detail", contact_list.pk)


# A phone number in E.164 is safe to leave as it is; anything else starting like a formula
# is prefixed with a quote so that spreadsheet programs do not run it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
E164 = re.compile(r"^\+[1-9]\d{5,14}$")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not E164.match(text):
        return "'" + text
    return text


ADDRESS_HEADERS = {
    ContactListChannel.EMAIL: _("E-mail"),
    ContactListChannel.PHONE: _("Phone"),
    ContactListChannel.SMS: _("Mobile phone"),
    ContactListChannel.POST: _("Postal address"),
}


class _Echo:
    def write(self, value):
        return value


@require_GET
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The list for a mailing: current, accepted members with current consent for the channel
    and an address on it, whom the user may see. UTF-8 with a BOM, for spreadsheet programs."""
    contact_list = _load(request, pk)
    channel = ContactListChannel(contact_list.channel)
    writer = csv.writer(_Echo())
    statuses = dict(MemberStatus.choices)
    rows = [
        writer.writerow(
            [_("Name"), _("Company"), str(ADDRESS_HEADERS[channel]), _("Status"), _("Member since")]
        )
    ]
    for name, company, address, status, since in selectors.export_rows(request.user, contact_list):
        rows.append(
            writer.writerow(
                [
                    csv_safe(name),
                    csv_safe(company),
                    csv_safe(address),
                    csv_safe(statuses.get(status, status)),
                    timezone.localtime(since).date().isoformat(),
                ]
            )
        )
    response = HttpResponse("\ufeff" + "".join(rows), content_type="text/csv; charset=utf-8")
    filename = slugify(contact_list.name) or "contact-list"
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
