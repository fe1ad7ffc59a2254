"""What the search may filter each page by, from the site model (never from the HTML).

Pagefind indexes the content of every published page; its filters (the
facets of the search page) come from here, keyed by the page's source path,
so that a filter is only ever a published value of the checked collection: a
review's type, status, themes, agencies and year, a marker, a judgement, and
the kind of page. Values are the words a reader sees (``Partly met``, not
``partly-met``), since the search page shows them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.collection import Review
from ..model.sitepaths import FIXED_PAGES
from .action_pages import action_list_uris
from .heatmaps import heatmap_pages
from .labels import review_type_label, status_label
from .listings import review_year_pages
from .sitemodel import SiteModel, answer_uri, judgement_label, marker_uri, review_uri
from .term_pages import theme_finding_uris

__all__ = ["FACETS", "KINDS", "Facets", "search_facets"]

#: Filter name → its label on the search page, in the order the page shows them.
FACETS = {
    "kind": "Kind of page",
    "type": "Review type",
    "status": "Status",
    "theme": "Theme",
    "agency": "Agency",
    "year": "Year commissioned",
    "marker": "Marker",
    "judgement": "Judgement",
}

#: Kind slug → the value of the ``kind`` filter.
KINDS = {
    "review": "Review",
    "answer": "Answer to a marker",
    "marker": "Marker",
    "theme": "Theme",
    "agency": "Agency",
    "guide": "Guide",
    "section": "Section",
}

#: Filter name → values, for one page.
Facets = dict[str, list[str]]


def search_facets(site: SiteModel, guide: Iterable[str] = ()) -> dict[str, Facets]:
    """Page source path → its filters, for every page the search indexes.

    ``guide`` are the source paths of the hand-written pages (``docs/``); the
    generated section pages (the dashboard, the five lists, the pages by year and the
    actions page's long lists)
    are ``Section``.
    """
    years = [uri for uri, _, _ in [*heatmap_pages(site), *review_year_pages(site)]]
    sections = [*FIXED_PAGES, *years, *action_list_uris(site)]
    found: dict[str, Facets] = {uri: {"kind": [KINDS["section"]]} for uri in sections}
    for uri in guide:
        found.setdefault(uri, {"kind": [KINDS["guide"]]})
    vocabulary = site.collection.vocabulary
    for review in site.reviews:
        facets = _review_facets(site, review)
        found[review_uri(review.id)] = {"kind": [KINDS["review"]], **facets}
        for number, answer in review.answers.items():
            found[answer_uri(review.id, number)] = {
                "kind": [KINDS["answer"]],
                **facets,
                "marker": [site.marker_name(number)],
                "judgement": [judgement_label(answer.judgement)],
            }
    for marker in site.markers:
        found[marker_uri(marker.number)] = {
            "kind": [KINDS["marker"]],
            "marker": [site.marker_name(marker.number)],
        }
    for slug, title in vocabulary.themes.items():
        for uri in [f"themes/{slug}.md", *theme_finding_uris(site, slug)]:
            found[uri] = {"kind": [KINDS["theme"]], "theme": [title]}
    for slug, title in vocabulary.agencies.items():
        found[f"agencies/{slug}.md"] = {"kind": [KINDS["agency"]], "agency": [title]}
    return found


def _review_facets(site: SiteModel, review: Review) -> Facets:
    vocabulary = site.collection.vocabulary
    facets: Facets = {
        "type": [review_type_label(review.review_type)],
        "status": [status_label(review.status)],
        "year": [review.commissioned_on[:4]],
    }
    if review.themes:
        facets["theme"] = [vocabulary.themes.get(slug, slug) for slug in review.themes]
    if review.agencies:
        facets["agency"] = [vocabulary.agencies.get(slug, slug) for slug in review.agencies]
    return facets
