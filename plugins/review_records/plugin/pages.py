"""Generated pages that reach the theme as finished HTML, without Python-Markdown.

MkDocs renders every page with Python-Markdown, and on a big site most of a
build's time went into converting the plugin's own tables and lists. A
generated page's content is already the HTML its template made, so
:class:`HtmlPage` takes it as it is and supplies what rendering would have:
ids on headings, the table of contents the theme draws the page outline from,
the title (its first ``<h1>``), and the anchors other pages may link to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..pages.headings import TocToken, number_headings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

__all__ = ["HtmlPage", "nav_titles", "outline"]


class HtmlPage(Page):
    """A page whose "Markdown" is the finished HTML of a template."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Take the HTML as it is, and work out the outline, title and anchors from it."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content, tokens, anchors = number_headings(self.markdown)
        self.toc = get_toc(tokens)
        self._title_from_render = _first_title(tokens)
        self.present_anchor_ids = anchors


def outline(page: Page, content: str) -> str:
    """Give ``page`` (rendered by MkDocs) ids and an outline that include its raw HTML headings.

    The home page is hand-written Markdown followed by the dashboard's HTML,
    which Python-Markdown passes through without seeing its headings.
    """
    content, tokens, anchors = number_headings(content)
    page.toc = get_toc(tokens)
    page.present_anchor_ids = (page.present_anchor_ids or set()) | anchors
    return content


def _first_title(tokens: list[TocToken]) -> str | None:
    for token in tokens:
        if token["level"] == 1:
            return token["name"]
    return None


def nav_titles(nav: Iterable[Any] | None) -> dict[str, str]:
    """Source path → the title ``mkdocs.yml``'s ``nav`` gives it (a page made early keeps it)."""
    found: dict[str, str] = {}
    for item in nav or ():
        if not isinstance(item, dict):
            continue
        for title, target in item.items():
            if isinstance(target, str):
                found.setdefault(target, str(title))
            elif isinstance(target, list):
                for path, name in nav_titles(target).items():
                    found.setdefault(path, name)
    return found
