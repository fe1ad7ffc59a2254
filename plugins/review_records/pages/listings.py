"""The aggregate pages: dashboard, lists, themes, agencies, and the serve-time problems page.

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
    actions_page,
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
    "actions_page",
    "dashboard",
    "markers_index",
    "problems_notice",
    "problems_page",
    "reviews_index",
    "vocabulary_index",
    "vocabulary_page",
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


def reviews_index(site: SiteModel) -> str:
    """``reviews/index.md``: every published review in one table, filterable by script.

    Each row carries what the filters need (``data-*``); without the script it
    is a plain, complete table. The table has no class, so themes that style
    only plain tables (Material) style it like the others.
    """
    uri = "reviews/index.md"
    vocab = site.collection.vocabulary
    labels = {
        "status": {r.status: status_label(r.status) for r in site.reviews},
        "type": {r.review_type: review_type_label(r.review_type) for r in site.reviews},
        "themes": vocab.themes,
        "agencies": vocab.agencies,
        "clocks": CLOCK_FILTER_LABELS,
        **facet_labels(vocab),
    }
    rows = []
    for r in site.reviews:
        clocks = clocks_of(site, r)
        data = {
            "status": r.status,
            "type": r.review_type,
            "themes": " ".join(r.themes),
            "agencies": " ".join(r.agencies),
            "year": r.commissioned_on[:4],
            "clocks": clock_filter(clocks),
            **facet_values(r),
        }
        rows.append(
            ReviewRow(
                link=site.link(uri, review_uri(r.id), r.title),
                type=review_type_label(r.review_type),
                status=status_label(r.status),
                partnership=r.partnership,
                commissioned_on=r.commissioned_on,
                completed_on=r.completed_on,
                clocks=clock_cell(clocks),
                themes=", ".join(vocab.themes.get(t, t) for t in r.themes) or "—",
                counts=_counts(r),
                data=data,
            )
        )
    return site.templates.render(
        "reviews.html",
        reviews=rows,
        labels={key: _labels(value) for key, value in labels.items()},
        age_bands=" ".join(AGE_BANDS),
        site=SiteView(site, uri),
    )


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


_TEMPLATES = {"themes": ("themes.html", "theme.html"), "agencies": ("agencies.html", "agency.html")}


def vocabulary_index(site: SiteModel, kind: str) -> str:
    """``themes/index.md`` or ``agencies/index.md``: every term with its review count."""
    uri = f"{kind}/index.md"
    titles = getattr(site.collection.vocabulary, kind)
    counts = Counter(slug for r in site.reviews for slug in getattr(r, kind))
    rows: list[list[Cell]] = [
        [site.link(uri, f"{kind}/{slug}.md", title), str(counts[slug])]
        for slug, title in sorted(titles.items())
    ]
    terms = Table(["Theme" if kind == "themes" else "Agency", "Reviews"], rows)
    return site.templates.render(_TEMPLATES[kind][0], terms=terms, site=SiteView(site, uri))


@dataclass(frozen=True, slots=True)
class TaggedFinding:
    """A finding tagged with a theme, with the review it comes from."""

    title: str
    source: Link
    detail: Markup


@dataclass(frozen=True, slots=True)
class TermView:
    """What ``theme.html`` and ``agency.html`` show (as ``theme`` or ``agency``)."""

    slug: str
    title: str
    reviews: list[Link]
    #: Themes only: the findings tagged with it (None on an agency page).
    findings: list[TaggedFinding] | None
    weakest: Table


def vocabulary_page(site: SiteModel, kind: str, slug: str) -> str:
    """``themes/<slug>.md`` or ``agencies/<slug>.md``: reviews, findings, weakest markers."""
    uri = f"{kind}/{slug}.md"
    title = getattr(site.collection.vocabulary, kind)[slug]
    reviews = [r for r in site.reviews if slug in getattr(r, kind)]
    findings = None
    if kind == "themes":
        findings = [
            TaggedFinding(
                finding.title,
                site.link(uri, review_uri(review.id), review.title),
                site.text_html(finding.detail, uri, review.file.path),
            )
            for review in site.reviews
            for finding in review.findings
            if slug in finding.themes
        ]
    weak = Counter(
        a.number for r in reviews for a in r.answers.values() if a.judgement == "not-met"
    )
    rows: list[list[Cell]] = [
        [site.link(uri, marker_uri(n), site.marker_name(n)), str(count)]
        for n, count in sorted(weak.items(), key=lambda item: (-item[1], item[0]))
    ]
    view = TermView(
        slug=slug,
        title=title,
        reviews=[site.link(uri, review_uri(r.id), r.title) for r in reviews],
        findings=findings,
        weakest=Table(["Marker", "Reviews not meeting it"], rows),
    )
    name = "theme" if kind == "themes" else "agency"
    return site.templates.render(
        _TEMPLATES[kind][1], **{name: view}, term=view, site=SiteView(site, uri)
    )


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
