"""The site map as data: every generated page's source path and content.

Every page but the home page is finished HTML from its template; the plugin
hands it to the theme without Python-Markdown (``plugin/pages.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from importlib import resources

from ..parallel import read_all
from ..problems import Problem
from .action_pages import ACTIONS_URI, action_list_uris, action_pages
from .export import export_data, to_json
from .heatmaps import heatmap_page, heatmap_pages
from .incremental import PageMemo, Reuse
from .listings import (
    dashboard,
    markers_index,
    problems_notice,
    problems_page,
    review_year_pages,
    reviews_index,
)
from .marker_pages import marker_page
from .markup import raw_block
from .record_pages import answer_page, review_page
from .sitemodel import SiteModel, answer_uri, marker_uri, review_uri
from .term_pages import theme_finding_uris, vocabulary_index, vocabulary_page

__all__ = [
    "ASSETS",
    "EXPORT_URI",
    "MARKDOWN_PAGES",
    "PROBLEMS_URI",
    "asset_files",
    "generate_pages",
]

PROBLEMS_URI = "problems.md"
EXPORT_URI = "data/reviews.json"

#: The plugin's own stylesheet and script, as site paths (added to every theme's page head).
ASSETS = {
    "css": "assets/review-records/review-records.css",
    "js": "assets/review-records/review-records.js",
}

#: Answer pages from which a build writes them on two processes: the pool's start
#: is paid for well before this (figures: docs/guide/scale.md).
ANSWERS_PARALLEL_FROM = 1_000

#: The generated pages that are Markdown for MkDocs to render: the home page, whose
#: text is hand-written (``docs/index.md``). Every other page is finished HTML.
MARKDOWN_PAGES = frozenset({"index.md"})

_HOME = "# Case review records\n\nA read-only learning site built from case review records.\n"


def generate_pages(
    site: SiteModel,
    *,
    home: str | None = None,
    problems: list[Problem] | None = None,
    memo: PageMemo | None = None,
    workers: int = 1,
) -> dict[str, str]:
    """Every page of DESIGN.md §5 (and the export), keyed by source path, in a stable order.

    Pages are HTML (the home page Markdown, see :data:`MARKDOWN_PAGES`).

    ``home`` is the hand-written home text (``docs/index.md``) to put above the
    dashboard; ``problems`` (under ``mkdocs serve``) adds a page listing them;
    ``memo`` (under ``mkdocs serve``) keeps the pages an edit leaves as they were.
    ``workers`` > 1 writes the answer pages of a big site on that many processes.
    """
    reuse = memo.start(site, home) if memo is not None else None
    answers = _answer_pages(site, reuse, workers)

    def kept(uri: str) -> str | None:
        return reuse.page(uri) if reuse is not None else None

    pages: dict[str, str] = {}
    notice = ""
    if problems:
        pages[PROBLEMS_URI] = problems_page(site, problems)
        notice = problems_notice(site, len(problems))
    board = (reuse.dashboard if reuse is not None else None) or dashboard(site)
    # The home text is hand-written Markdown for MkDocs; the dashboard after it is HTML.
    pages["index.md"] = (home or _HOME).rstrip() + "\n\n" + raw_block(notice + board)
    by_year = [uri for uri, _, _ in review_year_pages(site)]
    pages.update(_kept_together(kept, ["reviews/index.md", *by_year]) or reviews_index(site))
    for review in site.reviews:
        uri = review_uri(review.id)
        pages[uri] = kept(uri) or review_page(site, review)
        for number in sorted(review.answers):
            pages[answer_uri(review.id, number)] = next(answers)
    if next(answers, None) is not None:  # also ends the workers, if any
        raise RuntimeError("answer pages out of step with the reviews")
    pages["markers/index.md"] = kept("markers/index.md") or markers_index(site)
    for marker in site.markers:
        uri = marker_uri(marker.number)
        pages[uri] = kept(uri) or marker_page(site, marker)
    for kind in ("themes", "agencies"):
        pages[f"{kind}/index.md"] = kept(f"{kind}/index.md") or vocabulary_index(site, kind)
        for slug in sorted(getattr(site.collection.vocabulary, kind)):
            uris = [f"{kind}/{slug}.md"]
            if kind == "themes":
                uris += theme_finding_uris(site, slug)
            pages.update(_kept_together(kept, uris) or vocabulary_page(site, kind, slug))
    lists = [ACTIONS_URI, *action_list_uris(site)]
    pages.update(_kept_together(kept, lists) or action_pages(site))
    years = heatmap_pages(site)
    for uri, title, reviews in years:
        pages[uri] = kept(uri) or heatmap_page(site, uri, title, reviews, years)
    # The export holds every answer's text, and clocks that depend on the build date.
    pages[EXPORT_URI] = to_json(export_data(site.collection, site.today, site.target_months))
    if memo is not None:
        memo.finish(pages, board)
    return pages


def _kept_together(kept: Callable[[str], str | None], uris: list[str]) -> dict[str, str] | None:
    """Pages one list is cut into, as an edit left them, or None to write them all again.

    They are drawn together (a list and the pages it continues on), so they are
    kept together.
    """
    found = {uri: kept(uri) for uri in uris}
    if any(page is None for page in found.values()):
        return None
    return {uri: page for uri, page in found.items() if page is not None}


def _answer_pages(site: SiteModel, reuse: Reuse | None, workers: int) -> Iterator[str]:
    """Every answer page, review by review and marker by marker.

    Nine in ten generated pages are answer pages, and each is independent of
    the others: a big build writes them on two processes (a job is two numbers,
    so nothing but the finished Markdown crosses between them).
    """

    def write(job: tuple[int, int]) -> str:
        review = site.reviews[job[0]]
        kept = reuse.answer_page(review.id, job[1]) if reuse is not None else None
        return kept or answer_page(site, review, review.answers[job[1]])

    reviews = enumerate(site.reviews)
    jobs = [(i, number) for i, review in reviews for number in sorted(review.answers)]
    return read_all(write, jobs, workers, minimum=ANSWERS_PARALLEL_FROM)


@functools.cache
def asset_files() -> dict[str, str]:
    """The stylesheet and script shipped in the package, keyed by site path."""
    folder = resources.files("review_records") / "assets"
    return {path: (folder / path.rpartition("/")[2]).read_text("utf-8") for path in ASSETS.values()}
