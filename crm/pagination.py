"""Pagination without a COUNT over the permission-filtered set: fetch one row more than the
page to know whether there is a next page ("1–50 of many")."""

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass
class Window:
    items: list
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.items)

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def paginate(queryset: QuerySet, page: str | int | None, size: int) -> Window:
    try:
        number = max(1, min(int(page or 1), 100_000))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return Window(items=rows[:size], number=number, size=size, has_next=len(rows) > size)
