"""New lead(s) from a vCard file: upload, preview, confirm (nothing is saved before)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from crm import access
from leads.forms import VCardConfirmForm, VCardUploadForm, payload_fits
from leads.vcard_import import known_cards, leads_import_vcards, vcard_import_plan

UPLOAD_TEMPLATE = "leads/vcard_import.html"
PREVIEW_TEMPLATE = "leads/vcard_import_preview.html"


class VCardImportView(View):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        access.require_perm(request.user, "leads.add_lead")
        return super().dispatch(request, *args, **kwargs)

    def _upload_page(self, form: VCardUploadForm, errors=()) -> HttpResponse:
        return render(
            self.request,
            UPLOAD_TEMPLATE,
            {"form": form, "errors": list(errors), "title": _("New lead from vCard")},
        )

    def _known(self, cards) -> dict[int, str]:
        return known_cards(user=self.request.user, cards=cards, host=self.request.get_host())

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._upload_page(VCardUploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "payload" in request.POST:
            return self._confirm()
        return self._preview()

    def _preview(self) -> HttpResponse:
        form = VCardUploadForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self._upload_page(form)
        payload = form.payload(user=self.request.user)
        if not payload_fits(payload):
            form.add_error("file", _("The file is too large to import at once. Split it."))
            return self._upload_page(form)
        plan = vcard_import_plan(
            cards=form.cards, errors=form.card_errors, known=self._known(form.cards)
        )
        return render(
            self.request,
            PREVIEW_TEMPLATE,
            {
                "plan": plan,
                "file_name": form.cleaned_data["file"].name,
                "source": form.cleaned_data["source"],
                "confirm_form": VCardConfirmForm(initial={"payload": payload}, user=None),
            },
        )

    def _confirm(self) -> HttpResponse:
        form = VCardConfirmForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            return self._upload_page(VCardUploadForm(), form.non_field_errors())
        try:
            leads = leads_import_vcards(
                actor=self.request.user,
                cards=form.cleaned_data["cards"],
                source=form.cleaned_data["source"],
                known=self._known(form.cleaned_data["cards"]),
            )
        except ValidationError as exc:
            errors = [*exc.messages, _("Nothing was imported.")]
            return self._upload_page(VCardUploadForm(), errors)
        messages.success(
            self.request,
            ngettext("%(count)d lead imported.", "%(count)d leads imported.", len(leads))
            % {"count": len(leads)},
        )
        if len(leads) == 1:
            return redirect("leads:detail", leads[0].pk)
        return redirect(reverse("leads:list") + "?scope=mine")
