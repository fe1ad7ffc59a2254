"""The heat map of reviews × markers as pages: the dashboard's newest, and one page a year.

At 1,000 reviews one heat map of every review was a 1.86 MB home page. The
dashboard shows the most recently commissioned (:data:`HEATMAP_SHOWN`), and
``heatmap/<year>.md`` pages of at most :data:`HEATMAP_ROWS` hold every review
exactly once. :mod:`.charts` draws the table itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.collection import Review
from .charts import heatmap, legend
from .html import Link, Markup
from .parts import by_year
from .sitemodel import SiteModel, answer_uri, judgement_label, marker_uri, review_uri
from .views import SiteView

__all__ = ["HEATMAP_ROWS", "HEATMAP_SHOWN", "heatmap_page", "heatmap_pages", "heatmap_table"]

#: Reviews in the dashboard's heat map (the most recently commissioned): each row is
#: about 2.7 KB, and the home page must stay light at any scale.
HEATMAP_SHOWN = 50
#: Rows on one page of the heat map by year (about 2.7 KB each: 150 keep a page near
#: 450 KB with the theme); a bigger year is split into parts.
HEATMAP_ROWS = 150


def heatmap_table(site: SiteModel, uri: str, reviews: list[Review]) -> Markup:
    """The heat map of ``reviews``, with links relative to the page ``uri``."""

    def url(review: Review, number: int | None) -> str:
        target = review_uri(review.id) if number is None else answer_uri(review.id, number)
        return site.href(uri, target)

    def marker_url(number: int) -> str:
        return site.href(uri, marker_uri(number))

    return Markup(
        heatmap(reviews, site.markers, site.judgement_of, url, judgement_label, marker_url)
    )


def heatmap_pages(site: SiteModel) -> list[tuple[str, str, list[Review]]]:
    """(source path, title, reviews) of each page of the heat map by year, newest first.

    ``heatmap/2025.md`` holds the reviews commissioned in 2025, up to
    :data:`HEATMAP_ROWS`; a year with more continues on ``heatmap/2025-2.md``.
    """
    return by_year(site.reviews, "heatmap", HEATMAP_ROWS)


@dataclass(frozen=True, slots=True)
class HeatmapView:
    """What ``heatmap.html`` shows (as ``heatmap``): one year's reviews, or part of them."""

    title: str
    count: int
    table: Markup
    legend: Markup
    #: Every page of the heat map by year, this one included.
    pages: list[Link]


def heatmap_page(
    site: SiteModel,
    uri: str,
    title: str,
    reviews: list[Review],
    years: list[tuple[str, str, list[Review]]],
) -> str:
    """``heatmap/<year>.md``: the heat map of the reviews commissioned that year.

    ``years`` is :func:`heatmap_pages`, worked out once for all of them.
    """
    view = HeatmapView(
        title=title,
        count=len(reviews),
        table=heatmap_table(site, uri, reviews),
        legend=Markup(legend(judgement_label)),
        pages=[site.link(uri, page, name) for page, name, _ in years],
    )
    return site.templates.render("heatmap.html", heatmap=view, site=SiteView(site, uri))
