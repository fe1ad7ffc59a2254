"""The theme and agency pages: ``themes/`` and ``agencies/``, each term's page, and a
theme's findings past its page's first :data:`THEME_FINDINGS` on pages of their own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .html import Cell, Link, Markup, Table
from .parts import part_title, part_uri, split
from .sitemodel import SiteModel, marker_uri, review_uri
from .views import SiteView

__all__ = [
    "THEME_FINDINGS",
    "FindingsPart",
    "TaggedFinding",
    "TermView",
    "theme_finding_uris",
    "vocabulary_index",
    "vocabulary_page",
]

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
