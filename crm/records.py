"""How pages load a record for a user (DESIGN §4): a record the user may not see answers 404
(its existence is not leaked), an action they may not take on one they see answers 403.

Each app declares its record types (`<app>/records.py`); record pages use `RecordMixin`,
single POST actions `record_or_404`. Nothing else loads a guarded record for a page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import models
from django.http import Http404, HttpRequest

from crm import access
from crm.access import CHANGE, DELETE, VIEW
from crm.ids import parse_id


@dataclass(frozen=True, eq=False)
class RecordType:
    """One kind of record a page shows. `load(user, pk)` returns the record if the user may
    see it (with what its pages need), else raises Http404; `actions(user, record)` is what
    they may do on it. Record types also key the panel and search registries."""

    name: str
    load: Callable[[User, int], models.Model] = field(repr=False)
    actions: Callable[[User, models.Model], set[str]] = field(
        default=access.record_actions, repr=False
    )
    # A model permission every page of this type needs (a role without the app's pages):
    # without it 403, before anything is looked up.
    permission: str = ""


def model_actions(model: type[models.Model]) -> Callable[[User, models.Model], set[str]]:
    """The actions on records that have no grants of their own (campaigns, contact lists):
    what the user's model permissions allow, on every record of the model alike."""
    app_label = model._meta.app_label

    def actions(user: User, record: models.Model) -> set[str]:
        return {
            action
            for action in (VIEW, CHANGE, DELETE)
            if user.has_perm(f"{app_label}.{access.codename(model, action)}")
        }

    return actions


def record_or_404(
    request: HttpRequest, record_type: RecordType, pk, action: str = VIEW
) -> tuple[models.Model, set[str]]:
    """The record and the user's actions on it; 404 if unseen (or `pk` is no id), 403 if
    `action` is not among them."""
    if record_type.permission:
        access.require_perm(request.user, record_type.permission)
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        record = record_type.load(request.user, number)
    except models.ObjectDoesNotExist as exc:
        raise Http404 from exc
    actions = record_type.actions(request.user, record)
    access.require(actions, action)
    return record, actions


class RecordMixin:
    """A page about one record named by the URL (`pk`): loads it for the user before
    anything else runs, as `self.record` with `self.actions`, and puts both in the template
    context (also under `context_object_name`)."""

    record_type: RecordType
    required_action: str = VIEW
    context_object_name: str = ""
    pk_url_kwarg = "pk"

    def get_record_type(self) -> RecordType:
        return self.record_type

    def dispatch(self, request, *args, **kwargs):
        self.record, self.actions = record_or_404(
            request, self.get_record_type(), kwargs.get(self.pk_url_kwarg), self.required_action
        )
        self.load_related()
        return super().dispatch(request, *args, **kwargs)

    def load_related(self) -> None:
        """Load what else the URL names within the record (one of its rows), 404 unless it
        is the record's. Nothing by default."""

    def reload_record(self) -> models.Model:
        """The record as saved now (after someone else's change), for the same user."""
        self.record, self.actions = record_or_404(
            self.request, self.get_record_type(), self.record.pk, self.required_action
        )
        return self.record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(record=self.record, actions=self.actions)
        if self.context_object_name:
            context[self.context_object_name] = self.record
        return context
