"""The panel registry: how a higher app adds a part to a lower app's record page (the
activities and deals on a party's page; later orders, cases and consent on the customer 360
page) without the lower app knowing it.

An app registers its panels in `AppConfig.ready()`; a record page renders, in order, the
panels registered for its record type (`{% for panel in panels %}{% render_panel panel %}`).
A panel's `context(request, record, **page)` returns its template's context, or None when
it has nothing to show there (no rights, not that kind of party)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpRequest

from crm.records import RecordType


@dataclass(frozen=True)
class Panel:
    name: str
    template_name: str
    context: Callable[..., dict | None] = field(repr=False)
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    name: str
    template_name: str
    context: dict


_registry: dict[RecordType, list[Panel]] = defaultdict(list)


def register(*record_types: RecordType, panel: Panel) -> None:
    """Show `panel` on the pages of these record types (again: no change)."""
    for record_type in record_types:
        panels = _registry[record_type]
        same = [p for p in panels if p.name == panel.name]
        if same and same[0] != panel:
            raise ImproperlyConfigured(f"two panels named {panel.name} on {record_type.name}")
        if not same:
            panels.append(panel)
            panels.sort(key=lambda p: (p.order, p.name))


def registered(record_type: RecordType) -> list[Panel]:
    return list(_registry.get(record_type, ()))


def panels_for(
    record_type: RecordType, request: HttpRequest, record: models.Model, **page
) -> list[ShownPanel]:
    """The panels to show on this record's page, each with its context."""
    shown = []
    for panel in _registry.get(record_type, ()):
        context = panel.context(request, record, **page)
        if context is not None:
            shown.append(ShownPanel(panel.name, panel.template_name, context))
    return shown
