"""Adding, editing and ending a party's contact mechanisms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from crm import access
from crm.forms import add_service_errors
from crm.views import PageTitleMixin
from parties import services
from parties.forms import ContactMechForm
from parties.models import ContactMechKind, PartyContactMech
from parties.selectors import CONTACT
from parties.views.parties import PartyRecordMixin, load


class ContactMechFormView(PageTitleMixin, PartyRecordMixin, FormView):
    """Add a contact mechanism to a party, or edit a current one."""

    template_name = "parties/contact_mech_form.html"
    form_class = ContactMechForm
    # Whoever may change the party, and Customer Service on a customer (parties 0016).
    required_action = CONTACT

    def load_related(self) -> None:
        """The current contact mechanism being edited (none when adding one)."""
        self.pcm = None
        if "pcm_pk" in self.kwargs:
            self.pcm = access.get_or_404(
                PartyContactMech.objects.filter(
                    party=self.party, thru_date__isnull=True
                ).select_related("contact_mech"),
                self.kwargs["pcm_pk"],
            )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.pcm:
            kwargs["fixed_kind"] = self.pcm.contact_mech.kind
        elif self.request.GET.get("kind") in ContactMechKind.values:
            kwargs["initial"] = {"kind": self.request.GET["kind"]}
        return kwargs

    def get_initial(self):
        if not self.pcm:
            return super().get_initial()
        mech = self.pcm.contact_mech
        initial = {
            name: getattr(mech, name)
            for name in ("to_name", "address1", "address2", "city", "postal_code", "state")
        }
        initial.update(
            kind=mech.kind,
            # A phone as people read it (it parses back to the same number).
            value="" if mech.kind == ContactMechKind.POSTAL_ADDRESS else mech.shown_value,
            country=mech.country.code,
            extension=self.pcm.extension,
            verified=self.pcm.verified,
            purposes=list(
                self.pcm.purposes.filter(thru_date__isnull=True).values_list("purpose", flat=True)
            ),
        )
        return initial

    def get_title(self) -> str:
        return _("Edit contact mechanism") if self.pcm else _("Add contact mechanism")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pcm"] = self.pcm
        return context

    def form_valid(self, form):
        try:
            if self.pcm:
                services.contact_mech_update(
                    actor=self.request.user, party_contact_mech=self.pcm, **form.service_kwargs()
                )
            else:
                services.contact_mech_add(
                    actor=self.request.user,
                    party=self.party,
                    kind=form.cleaned_data["kind"],
                    **form.service_kwargs(),
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Contact details saved."))
        return redirect(self.detail_url())


@require_POST
def contact_mech_end(request: HttpRequest, kind: str, pk: int, pcm_pk: int) -> HttpResponse:
    page_kind, party = load(request, kind, pk, CONTACT)
    pcm = access.get_or_404(PartyContactMech.objects.filter(party=party), pcm_pk)
    services.contact_mech_end(actor=request.user, party_contact_mech=pcm)
    messages.success(request, _("Contact mechanism ended; it stays in the history."))
    return redirect(f"{page_kind.slug}:detail", party.pk)
