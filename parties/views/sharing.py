"""A party's sharing page."""

from django.urls import reverse
from django.views.generic import TemplateView

from crm.sharing import SharingMixin
from parties import selectors, services
from parties.views.parties import PartyRecordMixin


class SharingView(PartyRecordMixin, SharingMixin, TemplateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            list_url=self.list_url(), list_label=self.kind.plural, detail_url=self.detail_url()
        )
        return context

    def sharing_url(self) -> str:
        return reverse(f"{self.kind.slug}:sharing", args=[self.party.pk])

    def list_url(self) -> str:
        return reverse(f"{self.kind.slug}:list")

    def reassign(self, new_owner) -> None:
        services.party_reassign(actor=self.request.user, party=self.party, new_owner=new_owner)

    def visible_after_reassign(self) -> bool:
        return (
            selectors.page_queryset(self.request.user, self.kind).filter(pk=self.party.pk).exists()
        )
