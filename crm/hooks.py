"""Hooks: how a write in a lower app makes a higher app update what depends on it, inside the
same transaction (a deal's change recomputes the forecasts; a lead's conversion creates the
deal and moves the events).

The lower app declares the hook next to its services and calls it by name; higher apps
register receivers in their `AppConfig.ready()`. Unlike Django signals, the call is explicit
at the one place the write happens, receivers run in the order the apps are installed (their
layer order), and a receiver's failure rolls the whole write back."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


class Hook:
    def __init__(self, name: str):
        self.name = name
        self._receivers: list[Callable[..., None]] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"

    def register(self, receiver: Callable[..., None]) -> Callable[..., None]:
        """Add a receiver (once, however often `ready()` runs); usable as a decorator."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    @property
    def receivers(self) -> tuple[Callable[..., None], ...]:
        return tuple(self._receivers)

    def run(self, **kwargs) -> None:
        """Call every receiver with these keyword arguments; only inside the caller's
        transaction, so that a receiver's work and the write stand or fall together."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"hook {self.name} must run inside the write's transaction")
        for receiver in self._receivers:
            receiver(**kwargs)
