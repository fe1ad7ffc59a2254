"""Under ``mkdocs serve``: which generated pages a rebuild may keep from the last one.

A one-file edit while serving should not write 1,800 answer pages again. After
the edit, the checker hands back the very same :class:`~.frontmatter.Record`
objects for every file it did not re-read, so "what changed" is a comparison of
identities, not of contents.

The rule is deliberately narrow. When the only change is the text of existing
answer files, an answer page (review R, marker N) is kept unless a changed
answer belongs to R (R's pages link to one another) or answers N (the answer
pages of N list one another's judgements). Any other change (a review's
metadata, a marker, the vocabulary, a file added or removed, a build option)
regenerates every page. Review pages and the aggregate pages, under a tenth of
the pages at R = 100, are always regenerated. ``tests/test_incremental.py``
compares kept pages with freshly generated ones after each kind of edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .frontmatter import Record
from .model import Vocabulary
from .site import SiteModel
from .sitepaths import answer_uri

__all__ = ["BuildInputs", "PageMemo", "Reuse"]


@dataclass(frozen=True, slots=True)
class BuildInputs:
    """What one build's pages are made from, compared by identity with the next build's."""

    #: Every build option a page can show: date, target, URL style, the home text.
    options: tuple[object, ...]
    markers: tuple[Record, ...]
    vocabulary: Vocabulary
    reviews: Mapping[str, Record]
    answers: Mapping[tuple[str, int], Record]
    #: Record file → page, drafts included: where links in record text point.
    sources: Mapping[str, str]

    @classmethod
    def of(cls, site: SiteModel, home: str | None) -> BuildInputs:
        """The inputs of the pages of ``site`` (published reviews only), with this home text."""
        collection = site.collection
        return cls(
            options=(site.today, site.target_months, site.directory_urls, home),
            markers=tuple(collection.markers[n].record for n in sorted(collection.markers)),
            vocabulary=collection.vocabulary,
            reviews={rid: review.record for rid, review in collection.reviews.items()},
            answers={
                (rid, number): answer.record
                for rid, review in collection.reviews.items()
                for number, answer in review.answers.items()
            },
            sources=site.sources,
        )

    def changed_answers(self, before: BuildInputs) -> frozenset[tuple[str, int]] | None:
        """The answers whose text changed since ``before``, if nothing else did; else None."""
        if (
            self.options != before.options
            or self.vocabulary != before.vocabulary
            or not _same(self.markers, before.markers)
            or self.reviews.keys() != before.reviews.keys()
            or not all(record is before.reviews[rid] for rid, record in self.reviews.items())
            or self.answers.keys() != before.answers.keys()
            or self.sources != before.sources
        ):
            return None
        return frozenset(
            key for key, record in self.answers.items() if record is not before.answers[key]
        )


def _same(records: tuple[Record, ...], others: tuple[Record, ...]) -> bool:
    return len(records) == len(others) and all(a is b for a, b in zip(records, others, strict=True))


@dataclass(frozen=True, slots=True)
class Reuse:
    """Answer pages of the last build, and the reviews and markers of the answers changed since."""

    pages: Mapping[str, str]
    reviews: frozenset[str]
    numbers: frozenset[int]

    @classmethod
    def after(cls, pages: Mapping[str, str], changed: frozenset[tuple[str, int]]) -> Reuse:
        """What may be kept of ``pages`` once the answers ``changed`` have changed."""
        return cls(pages, frozenset(r for r, _ in changed), frozenset(n for _, n in changed))

    def answer_page(self, review_id: str, number: int) -> str | None:
        """The page as last generated, or None if this build must generate it."""
        if review_id in self.reviews or number in self.numbers:
            return None
        return self.pages.get(answer_uri(review_id, number))


class PageMemo:
    """Generated pages carried from one ``mkdocs serve`` rebuild to the next."""

    def __init__(self) -> None:
        self._inputs: BuildInputs | None = None
        self._pages: Mapping[str, str] = {}
        self._next: BuildInputs | None = None

    def start(self, site: SiteModel, home: str | None) -> Reuse | None:
        """Begin a build: what it may keep, or None when it must generate every page."""
        self._next = BuildInputs.of(site, home)
        if self._inputs is None:
            return None
        changed = self._next.changed_answers(self._inputs)
        return None if changed is None else Reuse.after(self._pages, changed)

    def finish(self, pages: Mapping[str, str]) -> None:
        """Keep the pages of the build begun by :meth:`start` for the next rebuild."""
        if self._next is None:
            raise RuntimeError("PageMemo.finish without start")
        self._inputs, self._pages, self._next = self._next, dict(pages), None
