"""An event's sharing page: who may see or change it, and its owner."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from crm.sharing import SharingMixin
from events import selectors, services
from events.views.events import EventRecordMixin


class EventSharingView(EventRecordMixin, SharingMixin, TemplateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            list_url=self.list_url(),
            list_label=_("Events"),
            detail_url=reverse("events:detail", args=[self.event.pk]),
        )
        return context

    def sharing_url(self) -> str:
        return reverse("events:sharing", args=[self.event.pk])

    def list_url(self) -> str:
        return reverse("events:list")

    def reassign(self, new_owner) -> None:
        services.event_reassign(actor=self.request.user, event=self.event, new_owner=new_owner)

    def visible_after_reassign(self) -> bool:
        return selectors.events_visible_to(self.request.user).filter(pk=self.event.pk).exists()
