"""The search page, the search box every other page carries, and the search script.

The search runs in the reader's browser on Pagefind's chunked index (written
by the plugin after the build). This module only writes markup: the page's
field (an ``<input type="search">`` named "Search"), one group of filters per
facet of :mod:`.searchfacets`, a status line that counts the results, and the
element carrying ``data-search-results`` that the script fills with links.
Without JavaScript the page says that search needs it; every page stays
reachable from the section pages.
"""

from __future__ import annotations

import functools
import html
from importlib import resources

from .searchfacets import FACETS

__all__ = [
    "SEARCH_ASSET",
    "SEARCH_URI",
    "SERVE_NOTICE",
    "search_asset",
    "search_box",
    "search_page",
]

#: The search page's source path (``search/index.html`` once built).
SEARCH_URI = "search.md"
#: The search script, as a site path (every page loads it: it also gives ``/`` to the box).
SEARCH_ASSET = "assets/review-records/review-records-search.js"


#: What the search page says under ``mkdocs serve`` (see :class:`..plugin.search.SiteSearch`).
SERVE_NOTICE = (
    '<div class="admonition note">\n'
    '<p class="admonition-title">Search lags behind edits while previewing</p>\n'
    "<p>Under <code>make serve</code> (<code>mkdocs serve --dirty</code>) the search index "
    "is made once, when the server starts: results do not show later edits until it is "
    "started again. A built site (<code>make site</code>) is always indexed whole.</p>\n"
    "</div>\n"
)


def search_page(*, serving: bool = False) -> str:
    """The search page's HTML: the form, the filters, the status and the results.

    Like every generated page but the home page, it reaches the theme as finished
    HTML (``plugin/pages.py``), so it is written as HTML.

    ``serving`` (under ``mkdocs serve --dirty``) adds :data:`SERVE_NOTICE`.
    """
    facets = "".join(
        f'<details class="rr-facet" data-search-facet="{html.escape(name)}" hidden>'
        f"<summary>{html.escape(label)}</summary>"
        f'<fieldset><legend class="rr-sr">{html.escape(label)}</legend>'
        f'<div class="rr-facet-values"></div></fieldset></details>'
        for name, label in FACETS.items()
    )
    form = (
        '<form class="rr-search" role="search" action="./" method="get" data-search-form>'
        '<label for="rr-search-field">Search</label> '
        '<input type="search" id="rr-search-field" name="query" autocomplete="off" '
        'spellcheck="false" aria-describedby="rr-search-help" aria-controls="rr-search-results">'
        ' <button type="submit">Search</button></form>'
        '<p id="rr-search-help" class="rr-search-help">Results appear as you type. '
        "Press the down arrow to move to the results, Escape to come back here.</p>"
        '<p class="rr-search-status" role="status" aria-live="polite" aria-atomic="true" '
        "data-search-status>Search needs JavaScript. Every page can be reached from the "
        "section pages (Reviews, Markers, Themes, Agencies, Actions).</p>"
        '<div class="rr-search-body">'
        f'<div class="rr-facets" data-search-facets hidden><h2>Filters</h2>{facets}'
        '<p><button type="button" data-search-clear>Clear all filters</button></p></div>'
        '<div id="rr-search-results" class="rr-search-results" data-search-results></div>'
        "</div>"
    )
    return f"<h1>Search</h1>\n{SERVE_NOTICE if serving else ''}{form}\n"


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
