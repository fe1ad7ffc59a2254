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
from .parts import by_year, part_title, part_uri, split
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
    "theme_finding_uris",
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
    #: Themes only: the findings tagged with it (None on an agency page); on a big
    #: site the first :data:`THEME_FINDINGS`, and ``more`` links to the rest.
    findings: list[TaggedFinding] | None
    weakest: Table
    #: The pages the findings continue on (empty when they are all here).
    more: list[Link]
    #: How many findings are tagged with the theme, on every page.
    finding_count: int


@dataclass(frozen=True, slots=True)
class FindingsPart:
    """What ``theme-findings.html`` shows (as ``theme``): more findings of a theme."""

    title: str
    theme: Link
    findings: list[TaggedFinding]
    first: int
    count: int
    #: Every page of the theme's findings, the theme page first.
    parts: list[Link]


#: Findings on a theme page; more continue on ``themes/<slug>/findings-2.md`` and so
#: on, as many a page. A finding is a title and a paragraph or two: about 700 bytes.
THEME_FINDINGS = 200


def theme_finding_uris(site: SiteModel, slug: str) -> list[str]:
    """The pages a theme's findings continue on, after the theme page."""
    count = sum(slug in f.themes for review in site.reviews for f in review.findings)
    parts = len(split(range(count), THEME_FINDINGS))
    return [part_uri(f"themes/{slug}/findings", number) for number in range(2, parts + 1)]


def _tagged(site: SiteModel, uri: str, slug: str) -> list[TaggedFinding]:
    return [
        TaggedFinding(
            finding.title,
            site.link(uri, review_uri(review.id), review.title),
            site.text_html(finding.detail, uri, review.file.path),
        )
        for review in site.reviews
        for finding in review.findings
        if slug in finding.themes
    ]


def vocabulary_page(site: SiteModel, kind: str, slug: str) -> dict[str, str]:
    """``themes/<slug>.md`` or ``agencies/<slug>.md``: reviews, findings, weakest markers.

    A theme with more than :data:`THEME_FINDINGS` findings continues on pages of its
    own (:func:`theme_finding_uris`); they are returned with it.
    """
    uri = f"{kind}/{slug}.md"
    title = getattr(site.collection.vocabulary, kind)[slug]
    reviews = [r for r in site.reviews if slug in getattr(r, kind)]
    findings = _tagged(site, uri, slug) if kind == "themes" else None
    count = len(findings or ())
    more = theme_finding_uris(site, slug) if kind == "themes" else []
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
        findings=None if findings is None else findings[:THEME_FINDINGS],
        weakest=Table(["Marker", "Reviews not meeting it"], rows),
        more=_finding_parts(site, uri, slug, count)[1:],
        finding_count=count,
    )
    name = "theme" if kind == "themes" else "agency"
    pages: dict[str, str] = {
        uri: site.templates.render(
            _TEMPLATES[kind][1], **{name: view}, term=view, site=SiteView(site, uri)
        )
    }
    if more:
        # Every later page is in the same folder, so links made for one serve them all.
        later = split(_tagged(site, more[0], slug), THEME_FINDINGS)
        for number, page in enumerate(more, start=2):
            pages[page] = _findings_part(site, page, view, list(later[number - 1]), number)
    return pages


def _finding_parts(site: SiteModel, uri: str, slug: str, count: int) -> list[Link]:
    """A link to each page of a theme's findings (the theme page first), from ``uri``."""
    pages = [f"themes/{slug}.md", *theme_finding_uris(site, slug)] if count else []
    return [
        site.link(
            uri,
            page,
            f"Findings {start + 1:,} to {min(start + THEME_FINDINGS, count):,}",
        )
        for page, start in zip(pages, range(0, count, THEME_FINDINGS), strict=True)
    ]


def _findings_part(
    site: SiteModel, uri: str, term: TermView, findings: list[TaggedFinding], number: int
) -> str:
    """Page ``number`` of a theme's findings (the theme page is the first)."""
    parts = _finding_parts(site, uri, term.slug, term.finding_count)
    view = FindingsPart(
        title=part_title(f"{term.title}: findings", number, len(parts)),
        theme=site.link(uri, f"themes/{term.slug}.md", term.title),
        findings=findings,
        first=(number - 1) * THEME_FINDINGS + 1,
        count=term.finding_count,
        parts=parts,
    )
    return site.templates.render("theme-findings.html", theme=view, site=SiteView(site, uri))


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
