"""seed_scale's bulk writer: COPY, as the ORM's inserts are far too slow at a million rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.management.base import CommandError
from django.db import connection, models

# Rows of this many parties (or events) go to the database at a time: few round trips, and
# memory stays flat at any scale.
CHUNK = 20_000


def timestamp(value: datetime) -> str:
    """A timestamp as text, which COPY reads and SQLite stores as it is."""
    return value.strftime("%Y-%m-%d %H:%M:%S+00:00")


class Writer:
    """Streams rows into one table: COPY on PostgreSQL, executemany elsewhere. The ids are
    handed out here (after the table's highest), so rows can point at rows not yet written;
    the command resets the sequences at the end."""

    def __init__(self, model: type[models.Model], columns: list[str] | None = None):
        self.model = model
        self.table = model._meta.db_table
        self.columns: list[str] = []
        if columns is not None:
            self._set_columns(columns)
        self.next_id = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        self.rows: list[tuple] = []
        self.written = 0

    def _set_columns(self, columns: list[str]) -> None:
        known = {f.column for f in self.model._meta.concrete_fields}
        missing = set(columns) - known
        if missing:
            raise CommandError(f"{self.table} has no column(s) {sorted(missing)}")
        self.columns = columns

    def take_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def take_ids(self, count: int) -> int:
        """`count` consecutive ids; returns the first."""
        value = self.next_id
        self.next_id += count
        return value

    def add(self, *row) -> None:
        self.rows.append(row)

    def add_dicts(self, rows: Iterable[dict]) -> None:
        """Rows given as {column: value}, ids included: the columns are the first row's, so a
        caller writes a table another module describes (the grant tables) without naming its
        columns. Every row of one call has the same keys, in the same order."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        columns = list(first)
        if not self.columns:
            self._set_columns(columns)
        elif columns != self.columns:
            raise CommandError(f"{self.table}: rows of columns {columns}, not {self.columns}")
        append = self.rows.append
        append(tuple(first.values()))
        for row in rows:
            append(tuple(row.values()))

    def flush(self) -> None:
        if not self.rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})", self.rows
                )
        self.written += len(self.rows)
        self.rows = []


def flush_all(writers: Iterable[Writer]) -> None:
    """In the order given: with foreign keys checked as rows arrive, a table goes after the
    tables it points at."""
    for writer in writers:
        writer.flush()
