"""Opening a case, editing it, assigning it, sharing it. One transaction each; the clocks
(support.services.clocks), the history and the journey follow in the same transaction."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commerce.models import Order, Product
from crm import access, notifications
from crm.access import CHANGE, SHARE, VIEW
from parties.models import Party, PartyKind, PartyRole, RoleType
from support.models import Case, CasePriority, CaseStatus, Queue
from support.services import clocks
from support.services.common import (
    ACCESS_KEY,
    CaseChanged,
    copy_back,
    history,
    journey,
    locked,
    require,
    user_label,
)

REASSIGN, TAKE = "reassign", "take"
# What case_update may change (the customer stays: open another case for another customer).
EDITABLE = (
    "subject",
    "description",
    "type",
    "reason",
    "priority",
    "channel",
    "contact",
    "product",
    "order",
    "queue",
)


def case_number(pk: int) -> str:
    return f"CS-{pk:06d}"


def default_queue(actor: User) -> Queue:
    """The actor's support queue (their home team's), else the first queue."""
    team = access.home_team(actor)
    queue = Queue.objects.filter(team=team).first() if team is not None else None
    queue = queue or Queue.objects.order_by("name", "pk").first()
    if queue is None:
        raise ValidationError(
            {"queue": _("No support queue exists yet: an administrator sets one up in the admin.")}
        )
    return queue


def _related_errors(actor: User, case: Case) -> dict[str, str]:
    """The customer must be a customer or account the actor may see, the contact a person
    they may see, the order the customer's own."""
    from parties.selectors import visible_ids

    errors: dict[str, str] = {}
    if case.customer_id is None:
        return {"customer": _("Choose the customer the case is about.")}
    seen = visible_ids(actor, [case.customer_id, case.contact_id])
    roles = set(
        PartyRole.objects.filter(
            party_id=case.customer_id, role__in=[RoleType.CUSTOMER, RoleType.ACCOUNT]
        ).values_list("role", flat=True)
    )
    if case.customer_id not in seen or not roles:
        errors["customer"] = _("Choose a customer or an account you may see.")
    if case.contact_id is not None:
        if case.contact_id not in seen:
            errors["contact"] = _("Choose a contact you may see.")
        elif case.contact.kind != PartyKind.PERSON:
            errors["contact"] = _("The contact must be a person.")
    if case.order_id is not None and case.order.customer_id != case.customer_id:
        errors["order"] = _("Choose one of this customer's orders.")
    return errors


def _validate(actor: User, case: Case) -> None:
    errors = _related_errors(actor, case)
    try:
        case.full_clean(exclude=["number", "customer", "contact", "order", "product", "queue"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, " ".join(messages))
    if errors:
        raise ValidationError(errors)


def _check_owner(owner: User) -> None:
    if not owner.is_active or not owner.has_perm("support.change_case"):
        raise ValidationError({"owner": _("Choose an active user who works support cases.")})


@transaction.atomic
def case_create(
    *,
    actor: User,
    customer: Party | None,
    subject: str,
    type: str,
    channel: str,
    priority: int = CasePriority.NORMAL,
    description: str = "",
    contact: Party | None = None,
    order: Order | None = None,
    product: Product | None = None,
    reason: str = "",
    queue: Queue | None = None,
    owner: User | None = None,
    opened_at: datetime.datetime | None = None,
) -> Case:
    """Open a case for `customer` (a party with the CUSTOMER or ACCOUNT role) in `queue` (by
    default the actor's support queue). Its clocks start now (`opened_at`: when it was
    reported, for imports and the demo) in the queue's business hours; an `owner` accepts it
    at once. History "opened" (and "assigned"), a journey row "case opened"."""
    if not actor.has_perm("support.add_case"):
        raise PermissionDenied
    at = opened_at or timezone.now()
    case = Case(
        customer=customer,
        subject=(subject or "").strip(),
        description=(description or "").strip(),
        type=type,
        channel=channel,
        priority=priority,
        contact=contact,
        order=order,
        product=product,
        reason=reason or "",
        queue=queue or default_queue(actor),
        created_at=at,
        created_by=actor,
        status_changed_at=at,
    )
    _validate(actor, case)
    if owner is not None:
        _check_owner(owner)
    clocks.start(case, clocks.hours_for(case), at)
    case.save()
    case.number = case_number(case.pk)
    case.save(update_fields=["number"])
    history(case, actor=actor, at=at, from_status="", note=_("opened"))
    journey(
        case,
        kind="case_opened",
        summary=_("Case %(number)s opened (%(priority)s): “%(subject)s”")
        % {
            "number": case.number,
            "priority": case.get_priority_display().lower(),
            "subject": case.subject,
        },
        actor=actor,
        at=at,
    )
    if owner is not None:
        _assign(actor=actor, case=case, owner=owner, at=at)
    return case


def _assign(*, actor: User, case: Case, owner: User, at: datetime.datetime) -> None:
    """Give the case to `owner`: their grants (the owner's, their team's), a new case is
    accepted, a history row "assigned to …"."""
    previous = case.status
    if case.owner_id is None:
        case.owner = owner
        access.grant_initial(obj=case, owner=owner, actor=actor, access_key=ACCESS_KEY)
    else:
        access.reassign(obj=case, new_owner=owner, actor=actor, access_key=ACCESS_KEY)
    if case.status == CaseStatus.NEW:
        case.status, case.status_changed_at = CaseStatus.ACCEPTED, at
    case.version += 1
    case.save(update_fields=["owner", "status", "status_changed_at", "version", "updated_at"])
    history(
        case,
        actor=actor,
        at=at,
        from_status=previous,
        note=_("assigned to %(name)s") % {"name": user_label(owner)},
    )
    if previous != case.status:
        journey(
            case,
            kind="case_status",
            summary=_("Case %(number)s accepted by %(name)s")
            % {"number": case.number, "name": user_label(owner)},
            actor=actor,
            at=at,
        )
    notifications.notify(
        recipient=owner,
        kind=notifications.CASE_ASSIGNED,
        actor=actor,
        record=case,
        text=_("%(actor)s assigned the case %(number)s “%(subject)s” to you.")
        % {"actor": notifications.name_of(actor), "number": case.number, "subject": case.subject},
        url=reverse("cases:detail", args=[case.pk]),
    )


@transaction.atomic
def case_assign(
    *, actor: User, case: Case, owner: User, at: datetime.datetime | None = None
) -> Case:
    """Assign the case to `owner`: taking an unassigned open case (owner = the actor) is for
    whoever works cases; handing it to someone else for its owner, the manager of its queue's
    team and administrators. The owner must work support cases; a new case becomes accepted."""
    current = locked(case)
    actions = require(actor, current, VIEW)
    taking = owner.pk == actor.pk and TAKE in actions
    if not taking and REASSIGN not in actions:
        raise PermissionDenied
    if not current.is_open:
        raise ValidationError({"owner": _("A closed case cannot be assigned: reopen it first.")})
    if current.owner_id == owner.pk:
        raise ValidationError(
            {"owner": _("%(name)s already owns this case.") % {"name": user_label(owner)}}
        )
    _check_owner(owner)
    _assign(actor=actor, case=current, owner=owner, at=at or timezone.now())
    copy_back(case, current)
    return current


def _check_version(current: Case, version: int | None) -> None:
    if version is None or int(version) != current.version:
        raise CaseChanged


@transaction.atomic
def case_update(
    *, actor: User, case: Case, version: int, at: datetime.datetime | None = None, **changes
) -> Case:
    """Edit the case (EDITABLE) unless someone else saved it since `version` (CaseChanged).
    A new priority or queue re-targets the open clocks as if the case had been opened so."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    current = locked(case)
    require(actor, current, CHANGE)
    _check_version(current, version)
    old_priority, old_queue = current.priority, current.queue_id
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if name == "queue" and value is None:
            raise ValidationError({"queue": _("Choose the queue that works the case.")})
        setattr(current, name, value)
    _validate(actor, current)
    current.version += 1
    if current.priority != old_priority or current.queue_id != old_queue:
        if current.queue_id != old_queue:
            current.queue = Queue.objects.select_related("calendar").get(pk=current.queue_id)
        clocks.retarget(current, clocks.hours_for(current), at or timezone.now())
    current.save()
    copy_back(case, current)
    return current


@transaction.atomic
def case_reassign(*, actor: User, case: Case, owner: User) -> Case:
    """The Sharing page's "change owner": case_assign by another name."""
    return case_assign(actor=actor, case=case, owner=owner)


@transaction.atomic
def case_share(
    *, actor: User, case: Case, action: str, user: User | None = None, group: Group | None = None
) -> None:
    """Share the case (view, or view and change) with a user or a team: its owner and
    administrators (crm.access records the grant)."""
    require(actor, case, SHARE)
    access.share(obj=case, action=action, actor=actor, user=user, group=group)


@transaction.atomic
def case_unshare(
    *, actor: User, case: Case, action: str, user: User | None = None, group: Group | None = None
) -> None:
    require(actor, case, SHARE)
    if case.owner_id is None and user is None and group is None:
        return
    access.unshare(obj=case, action=action, actor=actor, user=user, group=group)
