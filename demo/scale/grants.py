"""The seeded records' grant rows, made by the access layer: it alone knows the grant tables."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from crm import access
from demo.scale.writer import Writer


def grant_writer(model: type[models.Model], holder: str) -> Writer:
    """The writer of `model`'s user or team grant table, shared by every batch of that table
    (one writer per table hands out its ids)."""
    return Writer(access.grant_table(model, holder))


class GrantBatch:
    """One kind of grant (user or team, cause, actions) on the records of a chunk, collected
    as the records are made and turned into rows once per chunk, so the access layer looks up
    the permissions once per chunk rather than once per record.

    Ids are taken as each grant is added, so the rows number as they would row by row. Each
    grant keeps who made it and when, as one made in the app does (the record's owner, when
    the record was made or shared)."""

    def __init__(
        self,
        writer: Writer,
        model: type[models.Model],
        *,
        holder: str,
        cause: str,
        actions: tuple[str, ...] = (access.VIEW,),
    ):
        if writer.model is not access.grant_table(model, holder):
            raise ValueError(f"{writer.table} is not the {holder} grant table of {model}")
        self.writer, self.model, self.holder = writer, model, holder
        self.cause, self.actions = access.validate_cause(cause), actions
        self.pending: list[tuple[int, int, int, str, int]] = []

    def add(self, record_id: int, holder_id: int, granted_by_id: int, granted_at: str) -> None:
        first_id = self.writer.take_ids(len(self.actions))
        self.pending.append((record_id, holder_id, granted_by_id, granted_at, first_id))

    def write(self) -> None:
        """Hand the rows of the grants added since the last call to the writer."""
        self.writer.add_dicts(self._rows())

    def _rows(self) -> Iterator[dict]:
        pending, self.pending = self.pending, []
        if not pending:
            return
        rows = access.bulk_grant_rows(
            self.model,
            holder=self.holder,
            pairs=(grant[:4] for grant in pending),
            actions=self.actions,
            cause=self.cause,
        )
        per_grant = range(len(self.actions))
        for *_, first_id in pending:
            for offset in per_grant:
                yield {"id": first_id + offset, **next(rows)}
