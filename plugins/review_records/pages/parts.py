"""Long lists cut into pages: the parts' source paths, titles and links.

At 1,000 reviews a page that lists everything of a kind (every action, every
review, every finding of a theme) is megabytes. Such a list keeps its first rows
where it was and continues on pages of a fixed number of rows each, named as
:func:`part_uri` says, in one order, so each item is on exactly one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from ..model.collection import Review

__all__ = ["by_year", "part_title", "part_uri", "split"]

_T = TypeVar("_T")


def split(items: Sequence[_T], size: int) -> list[Sequence[_T]]:
    """``items`` in runs of at most ``size``, in order (one empty run for no items)."""
    if not items:
        return [items]
    return [items[start : start + size] for start in range(0, len(items), size)]


def part_uri(stem: str, number: int) -> str:
    """``heatmap/2025.md`` for the first part of ``heatmap/2025``, then ``heatmap/2025-2.md``."""
    return f"{stem}.md" if number == 1 else f"{stem}-{number}.md"


def part_title(title: str, number: int, parts: int) -> str:
    """``2025``, or ``2025, part 2 of 3`` when there is more than one part."""
    return title if parts == 1 else f"{title}, part {number} of {parts}"


def by_year(
    reviews: Sequence[Review], folder: str, size: int
) -> list[tuple[str, str, list[Review]]]:
    """(source path, title, reviews) of each page of ``reviews`` by year commissioned.

    ``<folder>/2025.md`` holds the reviews commissioned in 2025, up to ``size``; a
    year with more continues on ``<folder>/2025-2.md``. Years come in the order
    of ``reviews`` (the site's: newest first).
    """
    years: dict[str, list[Review]] = {}
    for review in reviews:
        years.setdefault(review.commissioned_on[:4], []).append(review)
    pages = []
    for year, mine in years.items():
        parts = split(mine, size)
        for number, part in enumerate(parts, start=1):
            uri = part_uri(f"{folder}/{year}", number)
            pages.append((uri, part_title(year, number, len(parts)), list(part)))
    return pages
