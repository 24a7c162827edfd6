"""A case's sharing page: who may see it and why; the owner and administrators share it, and
whoever may reassign the case (its owner, the manager of its queue's team, administrators)
hands it to another member of the queue's team."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from crm.records import RecordMixin
from crm.sharing import SharingMixin
from support import selectors, services
from support.forms import AssignForm
from support.records import CASE
from support.views.common import REASSIGN, queue_members


class CaseSharingView(RecordMixin, SharingMixin, TemplateView):
    record_type = CASE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_reassign = REASSIGN in self.actions
        context.update(
            list_url=self.list_url(),
            list_label=_("Cases"),
            detail_url=reverse("cases:detail", args=[self.record.pk]),
            can_reassign=can_reassign,
            reassign_form=kwargs.get("reassign_form")
            or (AssignForm(members=queue_members(self.record)) if can_reassign else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("operation") == "reassign":
            return self._reassign_case()
        return super().post(request, *args, **kwargs)

    def _reassign_case(self):
        if REASSIGN not in self.actions:
            raise PermissionDenied
        form = AssignForm(self.request.POST, members=queue_members(self.record))
        if form.is_valid():
            owner = form.cleaned_data["owner"]
            try:
                self.reassign(owner)
            except ValidationError as exc:
                form.add_error("owner", " ".join(exc.messages))
            else:
                messages.success(
                    self.request,
                    _("%(name)s is now owned by %(owner)s.")
                    % {"name": str(self.record), "owner": owner.get_username()},
                )
                if not self.visible_after_reassign():
                    return redirect(self.list_url())
                return redirect(self.sharing_url())
        return self.render_to_response(self.get_context_data(reassign_form=form))

    def sharing_url(self) -> str:
        return reverse("cases:sharing", args=[self.record.pk])

    def list_url(self) -> str:
        return reverse("cases:list")

    def reassign(self, new_owner) -> None:
        services.case_assign(actor=self.request.user, case=self.record, owner=new_owner)

    def visible_after_reassign(self) -> bool:
        return selectors.cases_visible_to(self.request.user).filter(pk=self.record.pk).exists()
