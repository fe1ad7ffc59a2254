"""The whole site as every template sees it (``site``), from the page being rendered.

Links are relative to that page, so a ``SiteView`` is made per page; what it
lists is worked out only when a template asks, so the thousands of answer
pages whose templates never look pay nothing for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..model.collection import STAGES
from .html import Link, Markup
from .labels import review_type_label, status_label
from .sitemodel import SiteModel, marker_uri, review_uri

__all__ = ["MarkerSummary", "ReviewSummary", "SiteView"]


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """One published review as lists show it."""

    id: str
    title: str
    url: Markup
    status: str
    review_type: str
    partnership: str
    commissioned_on: str
    completed_on: str | None


@dataclass(frozen=True, slots=True)
class MarkerSummary:
    """One marker of the catalogue."""

    number: int
    title: str
    label: str
    stage: str
    url: Markup


class SiteView:
    """The published site, seen from the page ``uri`` (given to every template as ``site``)."""

    def __init__(self, site: SiteModel, uri: str) -> None:
        # The sandbox refuses names that start with "_": a template cannot reach these.
        self._site = site
        self._uri = uri

    @property
    def today(self) -> str:
        """The build date (clocks are worked out for it), as ``YYYY-MM-DD``."""
        return self._site.today.isoformat()

    @property
    def home(self) -> Markup:
        """The home page's URL from this page."""
        return self._site.url(self._uri, "index.md")

    def url(self, page: str, anchor: str = "") -> Markup:
        """The URL of a page of the site (its source path, e.g. ``themes/index.md``)."""
        return self._site.url(self._uri, page, anchor)

    @functools.cached_property
    def reviews(self) -> list[ReviewSummary]:
        """Every published review, newest commission first."""
        return [
            ReviewSummary(
                r.id,
                r.title,
                self._site.url(self._uri, review_uri(r.id)),
                status_label(r.status),
                review_type_label(r.review_type),
                r.partnership,
                r.commissioned_on,
                r.completed_on,
            )
            for r in self._site.reviews
        ]

    @functools.cached_property
    def markers(self) -> list[MarkerSummary]:
        """The 18 markers in number order."""
        return [
            MarkerSummary(
                m.number,
                m.title,
                self._site.marker_name(m.number),
                STAGES[m.stage],
                self._site.url(self._uri, marker_uri(m.number)),
            )
            for m in self._site.markers
        ]

    @functools.cached_property
    def themes(self) -> list[Link]:
        """Every theme of the vocabulary, with a link to its page."""
        return self._terms("themes")

    @functools.cached_property
    def agencies(self) -> list[Link]:
        """Every agency of the vocabulary, with a link to its page."""
        return self._terms("agencies")

    def _terms(self, kind: str) -> list[Link]:
        titles: dict[str, str] = getattr(self._site.collection.vocabulary, kind)
        return [
            self._site.link(self._uri, f"{kind}/{slug}.md", title)
            for slug, title in sorted(titles.items())
        ]
