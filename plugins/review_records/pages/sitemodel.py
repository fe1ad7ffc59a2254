"""The site model: a published view of the collection plus the indexes pages need.

Pure and MkDocs-free: everything the page generators look up (related reviews both
ways, backlinks, page paths) is computed here once per build.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field

from ..model.clocks import Clock
from ..model.collection import JUDGEMENTS, Action, Answer, Collection, Marker, Review
from ..model.sitepaths import answer_uri, marker_uri, review_uri
from ..records.links import find_page_links, find_wikilinks
from .html import Link, Markup
from .markup import esc, href, link, relative
from .richtext import BlockMemo, record_block
from .templating import Templates, default_templates

__all__ = ["SiteModel", "answer_uri", "marker_uri", "review_uri"]


@dataclass(slots=True)
class SiteModel:
    """What the pages show: published reviews only, with cross-references resolved."""

    collection: Collection
    today: dt.date
    target_months: int = 6
    directory_urls: bool = True
    related: dict[str, list[str]] = field(default_factory=dict)
    backlinks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: Under ``mkdocs serve``: rendered text kept from the last build.
    memo: BlockMemo | None = field(default=None, repr=False)
    #: The page templates, with the ``templates_dir`` overrides.
    templates: Templates = field(default_factory=default_templates, repr=False)
    #: Review id → its clocks on the build date (:func:`.timeline.clocks_of`).
    clocks: dict[str, list[Clock]] = field(default_factory=dict, repr=False)
    #: Every action with its review and marker (:func:`.assurance.overdue_actions` and others).
    placed: list[tuple[Review, int, Action]] | None = field(default=None, repr=False)
    _ordered: list[Review] = field(default_factory=list, repr=False)
    _by_marker: dict[int, list[Answer]] = field(default_factory=dict, repr=False)
    _order: dict[int, dict[str, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        collection: Collection,
        *,
        include_drafts: bool,
        today: dt.date,
        target_months: int,
        directory_urls: bool = True,
        memo: BlockMemo | None = None,
        templates: Templates | None = None,
    ) -> SiteModel:
        """Index the published view of ``collection``.

        ``memo`` (under ``mkdocs serve``) keeps rendered text from one build to the next;
        ``templates`` are the page templates (the package's by default).
        """
        view = collection.published_view(include_drafts)
        model = cls(
            view,
            today,
            target_months,
            directory_urls,
            memo=memo,
            templates=templates or default_templates(),
        )
        model.related = _related_both_ways(view)
        model.backlinks = _backlinks(view)
        model.sources = _sources(collection)
        return model

    @property
    def reviews(self) -> list[Review]:
        """Published reviews, newest commission first, then by id (sorted once per build)."""
        if len(self._ordered) != len(self.collection.reviews):
            self._ordered = sorted(
                self.collection.reviews.values(),
                key=lambda r: (r.commissioned_on, r.id),
                reverse=True,
            )
            self._by_marker = {}
            self._order = {}
        return self._ordered

    @property
    def markers(self) -> list[Marker]:
        """The catalogue in number order."""
        return [self.collection.markers[n] for n in sorted(self.collection.markers)]

    def href(self, from_uri: str, to_uri: str, anchor: str = "") -> str:
        """A final relative URL for raw HTML (which MkDocs does not rewrite)."""
        return href(from_uri, to_uri, self.directory_urls, anchor)

    def url(self, from_uri: str, to_uri: str, anchor: str = "") -> Markup:
        """:meth:`href` as Markup, for templates (it is escaped already)."""
        return Markup(href(from_uri, to_uri, self.directory_urls, anchor))

    def link(self, from_uri: str, to_uri: str, text: str, anchor: str = "") -> Link:
        """A link from the page ``from_uri`` to the page or file ``to_uri``."""
        return Link(self.url(from_uri, to_uri, anchor), text)

    def marker_name(self, number: int) -> str:
        """``05 Clarity of purpose`` (plain text)."""
        marker = self.collection.markers.get(number)
        return f"{number:02d} {marker.title if marker else 'Unknown marker'}"

    def marker_label(self, number: int) -> str:
        """``05 Clarity of purpose``, escaped for record Markdown (wiki-link text)."""
        marker = self.collection.markers.get(number)
        title = marker.title if marker else "Unknown marker"
        return f"{number:02d} {esc(title)}"

    def wikilink(
        self, from_uri: str, review: str | None, marker: int | None, label: str | None
    ) -> str:
        """Render one wiki-link as a Markdown link carrying its target's title."""
        if review is None and marker is not None:
            if marker not in self.collection.markers:
                return esc(label or f"marker {marker}")
            text = esc(label) if label else f"Marker {self.marker_label(marker)}"
            return link(from_uri, marker_uri(marker), text)
        target = self.collection.reviews.get(review or "")
        if target is None:  # a draft left out of this build, or a broken link already reported
            return esc(label or "an unpublished review")
        if marker is None:
            return link(from_uri, review_uri(target.id), esc(label or target.title))
        text = esc(label) if label else f"{esc(target.title)}, marker {self.marker_label(marker)}"
        return link(from_uri, answer_uri(target.id, marker), text)

    def text_block(self, text: str, from_uri: str, source: str) -> str:
        """Record Markdown from the file ``source``, ready for the page ``from_uri``.

        Links are resolved, headings kept and the rest made safe HTML (:func:`record_block`).
        """
        resolved = self.render_links(text, from_uri, source)
        return self.memo.block(resolved) if self.memo is not None else record_block(resolved)

    def text_html(self, text: str, from_uri: str, source: str) -> Markup:
        """:meth:`text_block` as Markup for a template: the safe renderer's HTML."""
        return Markup(self.text_block(text, from_uri, source))

    def render_links(self, text: str, from_uri: str, source: str | None = None) -> str:
        """Replace every wiki-link in Markdown ``text`` by a link (code is left alone).

        With ``source`` (the record file the text comes from), ordinary links to
        ``.md`` pages are rewritten too: a record's file name becomes its page,
        and the link is made relative to ``from_uri``, the page showing the text.
        """
        edits = [
            (
                wiki.line,
                wiki.column,
                len(wiki.raw),
                self.wikilink(from_uri, wiki.review, wiki.marker, wiki.label)
                if wiki.valid
                else esc(wiki.raw),
            )
            for wiki in find_wikilinks(text)
        ]
        if source is not None:
            edits += [
                (
                    page.line,
                    page.column,
                    len(page.path) + (len(page.anchor) + 1 if page.anchor else 0),
                    self._page_target(page.path, source, from_uri)
                    + (f"#{page.anchor}" if page.anchor else ""),
                )
                for page in find_page_links(text)
            ]
        if not edits:
            return text
        lines = text.split("\n")
        for line_number, column, length, rendered in sorted(edits, reverse=True):
            line = lines[line_number]
            lines[line_number] = line[:column] + rendered + line[column + length :]
        return "\n".join(lines)

    def _page_target(self, path: str, source: str, from_uri: str) -> str:
        page = self.sources.get(source, source)
        beside_source = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        target = self.sources.get(beside_source) or posixpath.normpath(
            posixpath.join(posixpath.dirname(page), path)
        )
        return relative(from_uri, target)

    def judgement_of(self, review: Review, number: int) -> str:
        """The judgement slug, or ``missing`` when the review has no answer file."""
        answer = review.answers.get(number)
        return answer.judgement if answer else "missing"

    def answers_for(self, number: int) -> list[Answer]:
        """Every published review's answer to one marker, in review order (computed once)."""
        reviews = self.reviews
        found = self._by_marker.get(number)
        if found is None:
            found = [r.answers[number] for r in reviews if number in r.answers]
            self._by_marker[number] = found
        return found

    def answer_order(self, number: int) -> dict[str, int]:
        """Review id → its place in :meth:`answers_for` (computed once per marker)."""
        answers = self.answers_for(number)
        order = self._order.get(number)
        if order is None or len(order) != len(answers):
            order = self._order[number] = {a.review_id: i for i, a in enumerate(answers)}
        return order


def judgement_label(slug: str) -> str:
    """``Partly met`` for ``partly-met``; ``No answer yet`` for a missing file."""
    return JUDGEMENTS.get(slug, "No answer yet")


def _related_both_ways(collection: Collection) -> dict[str, list[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for review in collection.reviews.values():
        for other in review.related:
            if other in collection.reviews:
                found[review.id].add(other)
                found[other].add(review.id)
    return {rid: sorted(ids) for rid, ids in found.items()}


def _backlinks(collection: Collection) -> dict[str, list[tuple[str, str]]]:
    """Review id → (page path, page title) of every published page that links to it."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for review in collection.reviews.values():
        texts = [(review_uri(review.id), review.title, review.file.body)]
        texts += [(review_uri(review.id), review.title, f.detail) for f in review.findings]
        for answer in review.answers.values():
            title = f"{review.title}, marker {answer.number:02d}"
            texts.append((answer_uri(review.id, answer.number), title, answer.file.body))
            texts += [
                (answer_uri(review.id, answer.number), title, reply.note)
                for reply in answer.questions.values()
                if reply.note
            ]
        for uri, title, text in texts:
            for wiki in find_wikilinks(text):
                if wiki.review and wiki.review != review.id and wiki.review in collection.reviews:
                    found[wiki.review].add((uri, title))
    return {rid: sorted(pairs) for rid, pairs in found.items()}


def _sources(collection: Collection) -> dict[str, str]:
    """Record file → the page generated from it (drafts included: links check them)."""
    found = {marker.file.path: marker_uri(n) for n, marker in collection.markers.items()}
    for review in collection.reviews.values():
        found[review.file.path] = review_uri(review.id)
        for number, answer in review.answers.items():
            found[answer.file.path] = answer_uri(review.id, number)
    return found
