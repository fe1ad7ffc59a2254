"""The aggregate pages: dashboard, lists, and the serve-time problems page.

The theme and agency pages are in :mod:`.term_pages`.

As for the record pages, each function builds what its template shows and
renders the template; the heat map and the bars are written by :mod:`.charts`,
which keeps them fast on a site of thousands of reviews.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..model.classification import AGE_BANDS, current_due
from ..model.collection import JUDGEMENTS, STAGES, Review
from ..problems import Problem
from . import heatmaps
from .assurance import (
    PlacedAction,
    action_place,
    assurance_summary,
    due_text,
    overdue_actions,
    sorted_rows,
)
from .charts import JUDGEMENT_SYMBOLS, legend
from .classification import classification_breakdowns, facet_labels, facet_values
from .heatmaps import heatmap_pages, heatmap_table
from .html import Cell, Link, Markup, Table
from .labels import review_type_label, status_label
from .parts import by_year
from .sitemodel import SiteModel, judgement_label, marker_uri, review_uri
from .timeline import (
    CLOCK_FILTER_LABELS,
    ClockSummary,
    clock_cell,
    clock_filter,
    clock_summary,
    clocks_of,
)
from .views import SiteView

__all__ = [
    "dashboard",
    "markers_index",
    "problems_notice",
    "problems_page",
    "review_year_pages",
    "reviews_index",
]


#: Overdue actions listed on the dashboard; the actions page lists them all.
OVERDUE_SHOWN = 20


@dataclass(frozen=True, slots=True)
class DashboardView:
    """What ``dashboard.html`` shows (given to the template as ``dashboard``)."""

    count: int
    by_status: Table
    by_type: Table
    classification: list[Table]
    heatmap: Markup | None
    #: How many reviews the dashboard's heat map shows, of how many.
    heatmap_shown: int
    #: The heat map by year of commissioning, newest first: every review is on one.
    heatmap_years: list[Link]
    legend: Markup
    clocks: ClockSummary
    overdue: Table
    overdue_count: int
    all_overdue: Link
    impact: Link
    assurance: Link


def _counted(counts: Counter[str], header: str) -> Table:
    rows: list[list[Cell]] = [[k, str(v)] for k, v in sorted(counts.items())]
    return Table([header, "Reviews"], rows)


def dashboard_view(site: SiteModel, uri: str = "index.md") -> DashboardView:
    """Counts, the heat map, clocks, overdue actions and what the board should look at."""
    reviews = site.reviews
    overdue = overdue_actions(site)
    # Longest overdue first; the actions page lists every one. The home page is
    # rendered again after any edit to a judgement or an action, so its size
    # must not grow with the number of reviews.
    shown = sorted(overdue, key=lambda item: current_due(item[2]))[:OVERDUE_SHOWN]
    impact, assurance = assurance_summary(site, uri)
    return DashboardView(
        count=len(reviews),
        by_status=_counted(Counter(status_label(r.status) for r in reviews), "Status"),
        by_type=_counted(Counter(review_type_label(r.review_type) for r in reviews), "Type"),
        classification=classification_breakdowns(site),
        heatmap=heatmap_table(site, uri, reviews[: heatmaps.HEATMAP_SHOWN]) if reviews else None,
        heatmap_shown=min(len(reviews), heatmaps.HEATMAP_SHOWN),
        heatmap_years=[site.link(uri, page, title) for page, title, _ in heatmap_pages(site)],
        legend=Markup(legend(judgement_label)),
        clocks=clock_summary(site, uri),
        overdue=_action_table(site, uri, shown),
        overdue_count=len(overdue),
        all_overdue=site.link(uri, "actions/index.md", f"all {len(overdue):,}", "overdue"),
        impact=impact,
        assurance=assurance,
    )


def dashboard(site: SiteModel, uri: str = "index.md") -> str:
    """The dashboard's HTML, for the home page (below its hand-written text)."""
    return site.templates.render(
        "dashboard.html", dashboard=dashboard_view(site, uri), site=SiteView(site, uri)
    )


def _labels(mapping: dict[str, str]) -> str:
    return json.dumps(mapping, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One row of ``/reviews/``: what it shows and what its filters read (``data-*``)."""

    link: Link
    type: str
    status: str
    partnership: str
    commissioned_on: str
    completed_on: str | None
    clocks: str
    themes: str
    counts: tuple[str, str, str]
    data: dict[str, str]


def _counts(review: Review) -> tuple[str, str, str]:
    counts = Counter(answer.judgement for answer in review.answers.values())
    return str(counts["met"]), str(counts["partly-met"]), str(counts["not-met"])


#: Past this many published reviews, ``/reviews/`` shows the most recently
#: commissioned :data:`REVIEWS_SHOWN` and the rest are on pages by year
#: (``reviews-by-year/<year>.md``) of at most this many: a row is about 850
#: bytes, so 400 keep a page near 350 KB with the theme.
REVIEWS_ROWS = 400
REVIEWS_SHOWN = 200


def review_year_pages(site: SiteModel) -> list[tuple[str, str, list[Review]]]:
    """(source path, title, reviews) of the pages by year, or none on a smaller site."""
    if len(site.reviews) <= REVIEWS_ROWS:
        return []
    return by_year(site.reviews, "reviews-by-year", REVIEWS_ROWS)


def _review_row(site: SiteModel, uri: str, review: Review) -> ReviewRow:
    vocab = site.collection.vocabulary
    clocks = clocks_of(site, review)
    data = {
        "status": review.status,
        "type": review.review_type,
        "themes": " ".join(review.themes),
        "agencies": " ".join(review.agencies),
        "year": review.commissioned_on[:4],
        "clocks": clock_filter(clocks),
        **facet_values(review),
    }
    return ReviewRow(
        link=site.link(uri, review_uri(review.id), review.title),
        type=review_type_label(review.review_type),
        status=status_label(review.status),
        partnership=review.partnership,
        commissioned_on=review.commissioned_on,
        completed_on=review.completed_on,
        clocks=clock_cell(clocks),
        themes=", ".join(vocab.themes.get(t, t) for t in review.themes) or "—",
        counts=_counts(review),
        data=data,
    )


def _reviews_table(
    site: SiteModel,
    uri: str,
    reviews: list[Review],
    heading: str,
    years: list[tuple[str, str, list[Review]]],
) -> str:
    vocab = site.collection.vocabulary
    labels = {
        "status": {r.status: status_label(r.status) for r in site.reviews},
        "type": {r.review_type: review_type_label(r.review_type) for r in site.reviews},
        "themes": vocab.themes,
        "agencies": vocab.agencies,
        "clocks": CLOCK_FILTER_LABELS,
        **facet_labels(vocab),
    }
    return site.templates.render(
        "reviews.html",
        reviews=[_review_row(site, uri, review) for review in reviews],
        heading=heading,
        newest=uri == "reviews/index.md" and len(reviews) < len(site.reviews),
        total=len(site.reviews),
        years=[site.link(uri, page, title) for page, title, _ in years],
        labels={key: _labels(value) for key, value in labels.items()},
        age_bands=" ".join(AGE_BANDS),
        site=SiteView(site, uri),
    )


def reviews_index(site: SiteModel) -> dict[str, str]:
    """``reviews/index.md`` and, on a big site, the pages by year: tables filterable by script.

    Each row carries what the filters need (``data-*``); without the script it
    is a plain, complete table. The table has no class, so themes that style
    only plain tables (Material) style it like the others.
    """
    years = review_year_pages(site)
    shown = site.reviews[:REVIEWS_SHOWN] if years else site.reviews
    uri = "reviews/index.md"
    pages = {uri: _reviews_table(site, uri, shown, "Reviews", years)}
    for page, title, reviews in years:
        heading = f"Reviews commissioned in {title}"
        pages[page] = _reviews_table(site, page, reviews, heading, years)
    return pages


@dataclass(frozen=True, slots=True)
class StageMarkers:
    """The markers of one stage, each with its judgements across reviews."""

    title: str
    table: Table


def markers_index(site: SiteModel) -> str:
    """``markers/index.md``: the catalogue by stage, with each marker's judgements."""
    uri = "markers/index.md"
    stages = []
    for stage, title in STAGES.items():
        rows: list[list[Cell]] = [
            [
                site.link(uri, marker_uri(m.number), site.marker_name(m.number)),
                _judgement_counts(site, m.number),
            ]
            for m in site.markers
            if m.stage == stage
        ]
        stages.append(StageMarkers(title, Table(["Marker", "Judgements across reviews"], rows)))
    return site.templates.render("markers.html", stages=stages, site=SiteView(site, uri))


def _judgement_counts(site: SiteModel, number: int) -> str:
    counts = Counter(a.judgement for a in site.answers_for(number))
    words = [
        f"{JUDGEMENT_SYMBOLS[slug]} {label} {counts[slug]}"
        for slug, label in JUDGEMENTS.items()
        if counts[slug]
    ]
    return ", ".join(words) or "None yet"


def _action_table(site: SiteModel, uri: str, actions: list[PlacedAction]) -> Table:
    rows: list[list[Cell]] = [
        [action.owner, action.action, due_text(action), action_place(site, uri, review, number)]
        for review, number, action in actions
    ]
    return Table(["Owner", "Action", "Due", "Where"], sorted_rows(rows))


def problems_notice(site: SiteModel, count: int) -> str:
    """The home page's warning, under ``mkdocs serve``, that records have problems."""
    return site.templates.render(
        "problems-notice.html",
        count=count,
        url=site.url("index.md", "problems.md"),
        site=SiteView(site, "index.md"),
    )


def problems_page(site: SiteModel, problems: list[Problem]) -> str:
    """Shown under ``mkdocs serve`` while records have problems."""
    return site.templates.render(
        "problems.html",
        problems=[problem.format() for problem in problems],
        site=SiteView(site, "problems.md"),
    )
