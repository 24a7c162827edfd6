"""An event's sharing page: who may see or change it, and its owner."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from crm import access
from crm.sharing import SharingMixin
from events import selectors
from events.views.events import EventMixin


class EventSharingView(EventMixin, SharingMixin, TemplateView):
    def get_context_data(self, **kwargs):
        self.record = self.event
        context = super().get_context_data(**kwargs)
        context.update(
            list_url=self.list_url(),
            list_label=_("Events"),
            detail_url=reverse("events:detail", args=[self.event.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.record = self.event
        return super().post(request, *args, **kwargs)

    def sharing_url(self) -> str:
        return reverse("events:sharing", args=[self.event.pk])

    def list_url(self) -> str:
        return reverse("events:list")

    def reassign(self, new_owner) -> None:
        access.reassign(
            obj=self.event, new_owner=new_owner, actor=self.request.user, access_key="event"
        )

    def visible_after_reassign(self) -> bool:
        return selectors.events_visible_to(self.request.user).filter(pk=self.event.pk).exists()
