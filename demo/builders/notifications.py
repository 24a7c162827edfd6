"""The demo's notifications, for alice: the account bob shared with her to change (told as
its Sharing page tells it, already read), a contact bob shares with her now, and a lead of
bob's that carol, their manager, assigns to her (through leads.services, which notifies). Her
bell shows 2. Draws nothing from the generator (the builders before it are unchanged by it)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from crm import access, notifications
from crm.models import GrantCause, Notification
from demo.builders.common import Demo
from leads import services as lead_services
from leads.models import Lead, LeadStatus
from parties.models import Party, RoleType
from parties.selectors import with_role
from parties.services import party_share


def _age(notification: Notification | None, *, hours: int, read: bool = False) -> None:
    if notification is None:
        return
    at = timezone.now() - datetime.timedelta(hours=hours)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=at, read_at=at + datetime.timedelta(minutes=20) if read else None
    )


def build(demo: Demo) -> None:
    alice, bob, carol = demo.users["alice"], demo.users["bob"], demo.users["carol"]
    grants = access.grant_table(Party, "user")
    shared = (
        grants.objects.filter(
            user=alice, cause=GrantCause.SHARE, permission__codename="change_party"
        )
        .select_related("content_object")
        .order_by("pk")
        .first()
    )
    if shared is not None:
        account = shared.content_object
        _age(
            notifications.notify_shared(
                recipient=alice,
                actor=bob,
                record=account,
                action=access.CHANGE,
                url=reverse("accounts:detail", args=[account.pk]),
            ),
            hours=26,
            read=True,
        )
    contact = with_role(Party.objects.filter(owner=bob), RoleType.CONTACT).order_by("pk").first()
    if contact is not None:
        party_share(actor=bob, party=contact, action=access.VIEW, user=alice)
        _age(
            notifications.notify_shared(
                recipient=alice,
                actor=bob,
                record=contact,
                action=access.VIEW,
                url=reverse("contacts:detail", args=[contact.pk]),
            ),
            hours=3,
        )
    lead = (
        Lead.objects.filter(party__owner=bob, status=LeadStatus.ASSIGNED)
        .select_related("party")
        .order_by("pk")
        .first()
    )
    if lead is not None:
        lead_services.lead_assign(actor=carol, leads=[lead], new_owner=alice)
