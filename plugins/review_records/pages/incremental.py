"""Under ``mkdocs serve``: which generated pages a rebuild may keep from the last one.

A one-file edit while serving should not write 1,800 answer pages again. Every
model object carries its file's :class:`~..model.collection.RecordFile`, whose digest
changes whenever the file's text does, so "what changed" is a comparison of
paths and digests: a file saved with the same text changed nothing.

The rules are deliberately narrow, in two steps:

1. Any change but the text of existing answer files (a review's metadata, a
   marker, the vocabulary, a file added or removed, a build option) makes a
   rebuild generate every page.
2. When only answers changed, and each still has the same judgement and actions
   and no page's "Referenced by" list changed, only the changed answers' own
   pages, the home page (it counts problems) and the export are generated: no
   other page shows anything else of an answer. Otherwise the review pages and
   the pages across reviews are generated too, and an answer page (review R,
   marker N) is kept unless a changed answer belongs to R (R's pages link to one
   another) or answers N (the answer pages of N list one another's judgements).

``tests/test_incremental.py`` compares kept pages with freshly generated ones
after each kind of edit, and after random series of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model.collection import Answer, RecordFile, Vocabulary
from ..model.sitepaths import answer_uri
from .sitemodel import SiteModel

__all__ = ["BuildInputs", "PageMemo", "Reuse"]


@dataclass(frozen=True, slots=True)
class BuildInputs:
    """What one build's pages are made from, compared with the next build's by content."""

    #: Every build option a page can show: date, target, URL style, the home text, the
    #: clock rules and what the ``templates_dir`` overrides say.
    options: tuple[object, ...]
    #: (path, digest) of each marker file and each published review's index.md.
    markers: tuple[tuple[str, str], ...]
    vocabulary: Vocabulary
    reviews: Mapping[str, tuple[str, str]]
    #: The published answers (each holds its file), by review id and marker number.
    answers: Mapping[tuple[str, int], Answer]
    #: Record file → page, drafts included: where links in record text point.
    sources: Mapping[str, str]
    #: Review id → the pages that link to it ("Referenced by" on review pages).
    backlinks: Mapping[str, list[tuple[str, str]]]

    @classmethod
    def of(cls, site: SiteModel, home: str | None) -> BuildInputs:
        """The inputs of the pages of ``site`` (published reviews only), with this home text."""
        collection = site.collection
        return cls(
            options=(
                site.today,
                site.target_months,
                site.directory_urls,
                home,
                collection.clocks,
                site.templates.digest,
            ),
            markers=tuple(_stamp(collection.markers[n].file) for n in sorted(collection.markers)),
            vocabulary=collection.vocabulary,
            reviews={rid: _stamp(review.file) for rid, review in collection.reviews.items()},
            answers={
                (rid, number): answer
                for rid, review in collection.reviews.items()
                for number, answer in review.answers.items()
            },
            sources=site.sources,
            backlinks=site.backlinks,
        )

    def changed_answers(self, before: BuildInputs) -> frozenset[tuple[str, int]] | None:
        """The answers whose text changed since ``before``, if nothing else did; else None."""
        if (
            self.options != before.options
            or self.vocabulary != before.vocabulary
            or self.markers != before.markers
            or self.reviews != before.reviews
            or self.answers.keys() != before.answers.keys()
            or self.sources != before.sources
        ):
            return None
        return frozenset(
            key
            for key, answer in self.answers.items()
            if _stamp(answer.file) != _stamp(before.answers[key].file)
        )

    def shown_elsewhere_unchanged(
        self, before: BuildInputs, changed: frozenset[tuple[str, int]]
    ) -> bool:
        """Whether pages other than the changed answers' own show what they showed before.

        Other pages show an answer's judgement and actions, and the links in its
        text as "Referenced by" on the review pages it links to; nothing else.
        """
        return self.backlinks == before.backlinks and all(
            self.answers[key].judgement == before.answers[key].judgement
            and self.answers[key].actions == before.answers[key].actions
            for key in changed
        )


def _stamp(file: RecordFile) -> tuple[str, str]:
    return (file.path, file.digest)


@dataclass(frozen=True, slots=True)
class Reuse:
    """Pages of the last build, and which of them this build must generate again."""

    pages: Mapping[str, str]
    #: The changed answers' own pages.
    own: frozenset[str]
    #: Answer pages of these reviews and of these markers are generated again.
    reviews: frozenset[str] = frozenset()
    numbers: frozenset[int] = frozenset()
    #: The last build's dashboard, when no other page than the changed answers' changed.
    dashboard: str | None = None

    @classmethod
    def after(
        cls,
        pages: Mapping[str, str],
        changed: frozenset[tuple[str, int]],
        dashboard: str | None,
    ) -> Reuse:
        """What may be kept of ``pages`` once the answers ``changed`` have changed.

        ``dashboard`` is the last build's dashboard if nothing but the changed
        answers' own pages can differ (rule 2 of the module), else None.
        """
        own = frozenset(answer_uri(rid, number) for rid, number in changed)
        if dashboard is not None:
            return cls(pages, own, dashboard=dashboard)
        reviews = frozenset(rid for rid, _ in changed)
        return cls(pages, own, reviews, frozenset(number for _, number in changed))

    def answer_page(self, review_id: str, number: int) -> str | None:
        """The page as last generated, or None if this build must generate it."""
        if review_id in self.reviews or number in self.numbers:
            return None
        uri = answer_uri(review_id, number)
        return None if uri in self.own else self.pages.get(uri)

    def page(self, uri: str) -> str | None:
        """Any other page as last generated, or None if this build must generate it."""
        return self.pages.get(uri) if self.dashboard is not None else None


class PageMemo:
    """Generated pages carried from one ``mkdocs serve`` rebuild to the next."""

    def __init__(self) -> None:
        self._inputs: BuildInputs | None = None
        self._pages: Mapping[str, str] = {}
        self._dashboard = ""
        self._next: BuildInputs | None = None

    def start(self, site: SiteModel, home: str | None) -> Reuse | None:
        """Begin a build: what it may keep, or None when it must generate every page."""
        self._next = BuildInputs.of(site, home)
        if self._inputs is None:
            return None
        changed = self._next.changed_answers(self._inputs)
        if changed is None:
            return None
        unchanged = self._next.shown_elsewhere_unchanged(self._inputs, changed)
        return Reuse.after(self._pages, changed, self._dashboard if unchanged else None)

    def finish(self, pages: Mapping[str, str], dashboard: str) -> None:
        """Keep the pages (and dashboard) of the build begun by :meth:`start`."""
        if self._next is None:
            raise RuntimeError("PageMemo.finish without start")
        self._inputs, self._next = self._next, None
        self._pages, self._dashboard = dict(pages), dashboard
