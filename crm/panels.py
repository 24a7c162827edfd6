"""The panel registry: how a higher app adds a part to a lower app's record page (the
activities and deals on a party's page; later orders, cases and consent on the customer 360
page) without the lower app knowing it.

An app registers its panels in `AppConfig.ready()`; a record page renders, in order, the
panels registered for its record type (`{% for panel in panels %}{% render_panel panel %}`).
A panel's `context(request, record, **page)` returns its template's context, or None when
it has nothing to show there (no rights, not that kind of party).

A panel names its `slot`, where the page puts it: "main" (the main column, the default),
"header" (right under the page's title: key figures) or "side" (the left column). A page
with slots renders `panels.header`, `panels.side` and the main column's panels around its
own sections: `panels.main_top` (ordered before TOP_BELOW), then the page's first own
sections, `panels.main` (the middle), and `panels.main_end` (ordered from END_FROM on),
after everything else. A page without slots renders them all in order (`panels` is a
list)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpRequest

from crm.records import RecordType

SLOTS = ("header", "main", "side")
# The main column's bands: panels ordered below TOP_BELOW come above the page's own sections,
# those ordered from END_FROM on after all of them.
TOP_BELOW = 10
END_FROM = 900


@dataclass(frozen=True)
class Panel:
    name: str
    template_name: str
    context: Callable[..., dict | None] = field(repr=False)
    order: int = 100
    slot: str = "main"

    def __post_init__(self):
        if self.slot not in SLOTS:
            raise ImproperlyConfigured(f"panel {self.name}: no slot named {self.slot}")


@dataclass(frozen=True)
class ShownPanel:
    name: str
    template_name: str
    context: dict
    slot: str = "main"
    order: int = 100


class ShownPanels(list):
    """The panels to show, in order, and the same split by slot (and the main column by
    band) for the pages that place them."""

    def _slot(self, slot: str) -> list[ShownPanel]:
        return [p for p in self if p.slot == slot]

    @property
    def header(self) -> list[ShownPanel]:
        return self._slot("header")

    @property
    def side(self) -> list[ShownPanel]:
        return self._slot("side")

    @property
    def main_top(self) -> list[ShownPanel]:
        return [p for p in self._slot("main") if p.order < TOP_BELOW]

    @property
    def main(self) -> list[ShownPanel]:
        return [p for p in self._slot("main") if TOP_BELOW <= p.order < END_FROM]

    @property
    def main_end(self) -> list[ShownPanel]:
        return [p for p in self._slot("main") if p.order >= END_FROM]


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
) -> ShownPanels:
    """The panels to show on this record's page, each with its context."""
    shown = ShownPanels()
    for panel in _registry.get(record_type, ()):
        context = panel.context(request, record, **page)
        if context is not None:
            shown.append(
                ShownPanel(panel.name, panel.template_name, context, panel.slot, panel.order)
            )
    return shown
