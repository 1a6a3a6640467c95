"""Paginated lists: one Page with or without the API's `meta` block, or a whole Listing."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ._fields import as_dict, as_int, as_many


@dataclass(frozen=True, slots=True)
class Page[T]:
    """One page of a paginated list and where it sits in the whole."""

    items: tuple[T, ...] = ()
    current_page: int = 1
    total_pages: int = 1
    total_count: int = 0
    per_page: int = 0

    @classmethod
    def from_api(
        cls, body: dict, parse: Callable[[dict], T], *, page: int = 1, per_page: int | None = None
    ) -> "Page[T]":
        """Return a Page from a `{"data": [...], "meta": {...}}` body; derive meta when missing."""
        body = as_dict(body)
        items = as_many(body.get("data"), parse)
        meta = as_dict(body.get("meta"))
        current_page = as_int(meta.get("current_page")) or page
        per_page = as_int(meta.get("per_page")) or per_page or len(items)
        # Without meta all that is known is what arrived: this page is taken to be the last one.
        total_count = as_int(meta.get("total_count"))
        if total_count is None:
            total_count = (current_page - 1) * per_page + len(items)
        total_pages = as_int(meta.get("total_pages"))
        if total_pages is None:
            total_pages = max(current_page, -(-total_count // per_page) if per_page else 1)
        return cls(items, current_page, total_pages, total_count, per_page)

    @property
    def has_next(self) -> bool:
        """Return True when a later page exists."""
        return self.current_page < self.total_pages

    @property
    def has_previous(self) -> bool:
        """Return True when an earlier page exists."""
        return self.current_page > 1

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class Listing[T](list):
    """Every item of a list IdentityCall may page, read in one or more calls.

    A plain list to its callers; `complete` is False when the console stopped following pages
    before the last one, and `total_count` is how many items IdentityCall said there are.
    """

    def __init__(self, items=(), *, complete: bool = True, total_count: int | None = None):
        super().__init__(items)
        self.complete = complete
        self.total_count = len(self) if total_count is None else total_count



def total_of(listed) -> int:
    """Return how many items IdentityCall has: a Listing's total, else the length of `listed`."""
    return getattr(listed, "total_count", len(listed))
