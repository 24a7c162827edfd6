"""The points where apps above leads act on a lead's conversion (crm.hooks): fields of their
own on the convert page, and their part of the work inside the conversion's transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from crm.hooks import Hook


@dataclass(frozen=True)
class ConversionSection:
    """Fields a higher app adds to the convert page (the opportunity to open at the same
    time). `form_class(data, lead=..., user=...)` validates them; its `options()` (None: the
    user asked for nothing) reach `lead_convert(<name>=options)` and the hook's receivers.
    `template_name` renders the form (as `form`) inside the page's form."""

    name: str
    form_class: type[forms.Form]
    template_name: str
    order: int = 100


_sections: list[ConversionSection] = []


def conversion_section_register(section: ConversionSection) -> None:
    if all(known.name != section.name for known in _sections):
        _sections.append(section)
        _sections.sort(key=lambda s: (s.order, s.name))


def conversion_sections() -> list[ConversionSection]:
    return list(_sections)


# Run by lead_convert once the account and the contact exist, before the lead is marked
# converted. Receivers get `conversion` (leads.services.Conversion), `actor`, and every
# section's options by name (None when it asked for nothing). They run in the apps' layer
# order and may record what they made on the conversion: the opportunities app sets
# `conversion.opportunity`, which the events app's receiver then uses.
lead_converted = Hook("lead_converted")
