"""The search page, the search box every other page carries, and the search script.

The search runs in the reader's browser on Pagefind's chunked index (written
by the plugin after the build). This module only writes markup: the page
(from ``search.html``) has the field (an ``<input type="search">`` named
"Search"), one group of filters per facet of :mod:`.searchfacets` with a
checkbox per value, a status line that counts the results, and the element
carrying ``data-search-results`` that the script fills with links.
Without JavaScript the page says that search needs it; every page stays
reachable from the section pages.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

from .searchfacets import FACETS
from .sitemodel import SiteModel
from .views import SiteView

__all__ = [
    "SEARCH_ASSET",
    "SEARCH_URI",
    "Facet",
    "SearchView",
    "search_asset",
    "search_box",
    "search_page",
]

#: The search page's source path (``search/index.html`` once built).
SEARCH_URI = "search.md"
#: The search script, as a site path (every page loads it: it also gives ``/`` to the box).
SEARCH_ASSET = "assets/review-records/review-records-search.js"


@dataclass(frozen=True, slots=True)
class Facet:
    """One group of the search page's filters: its name (Pagefind's), its label, its values."""

    name: str
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchView:
    """What ``search.html`` is given as ``search``."""

    #: The groups with at least one value, in :data:`.searchfacets.FACETS` order.
    facets: tuple[Facet, ...]
    #: Under ``mkdocs serve --dirty``: the page says that results lag behind edits.
    serving: bool


def search_page(
    site: SiteModel, pages: Iterable[Mapping[str, Iterable[str]]], *, serving: bool = False
) -> Markup:
    """The search page's HTML (``search.html``): form, filters, status and results.

    ``pages`` are the filters of every page the index holds; the page offers
    each value some page has. It carries the filters' checkboxes itself, so the
    browser need not fetch Pagefind's filter index (most of what a search
    downloaded at scale) before the first results; the script fetches it after them, to say how many
    results each value holds. ``serving`` is ``mkdocs serve --dirty``.
    """
    values = _values(pages)
    facets = tuple(
        Facet(name, label, tuple(_ordered(name, values[name])))
        for name, label in FACETS.items()
        if values.get(name)
    )
    view = SearchView(facets, serving)
    return site.templates.render("search.html", search=view, site=SiteView(site, SEARCH_URI))


def _values(pages: Iterable[Mapping[str, Iterable[str]]]) -> dict[str, set[str]]:
    """Facet name → every value some page has."""
    found: dict[str, set[str]] = {}
    for page in pages:
        for name, names in page.items():
            found.setdefault(name, set()).update(names)
    return found


def _ordered(name: str, values: Iterable[str]) -> list[str]:
    """Years newest first; other values in reading order, numbers by value ("Marker 2" < "10")."""
    if name == "year":
        return sorted(values, reverse=True)
    return sorted(values, key=_natural)


def _natural(text: str) -> list[tuple[int, str]]:
    # Digits compare as numbers: pad them, and sort them after the words beside them.
    parts = re.split(r"(\d+)", text.casefold())
    return [(i % 2, f"{int(part):020d}" if i % 2 else part) for i, part in enumerate(parts)]


def search_box(action: str) -> str:
    """The small search form put at the top of every page but the search page.

    ``action`` is the search page's URL relative to the page. It works without
    the script (it opens the search page with ``?query=``); the script gives it the
    ``/`` key.
    """
    return (
        '<form class="rr-search-box" role="search" method="get" '
        f'action="{html.escape(action, quote=True)}">'
        '<label class="rr-sr" for="rr-search-box">Search</label>'
        '<input type="search" id="rr-search-box" name="query" placeholder="Search (press /)" '
        'autocomplete="off"> <button type="submit">Search</button></form>'
    )


@functools.cache
def search_asset() -> str:
    """The search script shipped in the package."""
    folder = resources.files("review_records") / "assets"
    return (folder / SEARCH_ASSET.rpartition("/")[2]).read_text("utf-8")
