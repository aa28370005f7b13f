"""Page-number pagination for lists shown to people and to API clients."""

from __future__ import annotations

import math
from typing import Generic, TypeVar

import msgspec

T = TypeVar("T")

DEFAULT_PER_PAGE = 20


class PageRequest(msgspec.Struct, frozen=True):
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def __post_init__(self) -> None:
        if self.page < 1:
            raise ValueError("page must be 1 or more")
        if self.per_page < 1:
            raise ValueError("per_page must be 1 or more")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @classmethod
    def from_query(cls, page: str | int | None, per_page: int = DEFAULT_PER_PAGE) -> PageRequest:
        """Lenient for people: anything that isn't a positive number means the first page."""
        try:
            number = int(page) if page is not None else 1
        except ValueError:
            number = 1
        return cls(page=max(number, 1), per_page=per_page)


class Page(msgspec.Struct, Generic[T], frozen=True):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return 0 if not self.items else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return 0 if not self.items else self.first_index + len(self.items) - 1
