"""Adding employment and ending relationships from a party's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from crm import access
from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.views import PageTitleMixin
from parties import selectors, services
from parties.forms import EmploymentForm
from parties.models import PartyKind, PartyRelationship
from parties.views.parties import PartyRecordMixin, load


class EmploymentFormView(PageTitleMixin, PartyRecordMixin, FormView):
    """A contact's employment at an account, added from either page."""

    template_name = "parties/employment_form.html"
    form_class = EmploymentForm
    required_action = CHANGE

    @property
    def person_side(self) -> bool:
        return self.party.kind == PartyKind.PERSON

    def get_title(self) -> str:
        name = self.party.display_name
        if self.person_side:
            return _("Where %(name)s works") % {"name": name}
        return _("Add a contact working at %(name)s") % {"name": name}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        if self.person_side:
            kwargs.update(
                choices=selectors.accounts_for_choice(user),
                other_label=_("Account"),
                noun=_("account"),
                lookup_url=reverse("accounts:lookup"),
            )
        else:
            kwargs.update(
                choices=selectors.contacts_for_choice(user),
                other_label=_("Contact"),
                noun=_("contact"),
                lookup_url=reverse("contacts:lookup"),
            )
        return kwargs

    def form_valid(self, form):
        other = form.cleaned_data["other"]
        person, organization = (self.party, other) if self.person_side else (other, self.party)
        try:
            services.employment_start(
                actor=self.request.user,
                person=person,
                organization=organization,
                title=form.cleaned_data["title"],
                from_date=form.cleaned_data["from_date"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s now works at %(org)s.")
            % {"person": person.display_name, "org": organization.display_name},
        )
        return redirect(self.detail_url())


@require_POST
def relationship_end(request: HttpRequest, kind: str, pk: int, rel_pk: int) -> HttpResponse:
    page_kind, party = load(request, kind, pk, CHANGE)
    relationship = access.get_or_404(
        PartyRelationship.objects.filter(Q(from_party=party) | Q(to_party=party)), rel_pk
    )
    services.relationship_end(actor=request.user, relationship=relationship)
    messages.success(request, _("Relationship ended; it stays in the history."))
    return redirect(f"{page_kind.slug}:detail", party.pk)
