"""Small, pure helpers for writing generated Markdown safely."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence

__all__ = ["esc", "href", "link", "page_url", "relative", "table"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def esc(text: object) -> str:
    """Escape a front-matter value for Markdown: HTML-escaped, Markdown punctuation inert."""
    value = " ".join(str(text).split())
    # Quotes stay as they are: this is text, never an attribute value, and an
    # entity such as &#x27; would show up escaped twice in a table of contents.
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


def relative(from_uri: str, to_uri: str) -> str:
    """A relative ``.md`` link from one page's source path to another's."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def link(from_uri: str, to_uri: str, text: str, anchor: str = "") -> str:
    """A Markdown link whose ``text`` is already escaped."""
    target = relative(from_uri, to_uri) + (f"#{anchor}" if anchor else "")
    return f"[{text}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def page_url(uri: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page built from source path ``uri`` (``""`` is the home).

    Generated raw HTML (tables with data attributes, SVG) is not rewritten by
    MkDocs, so links inside it must already be final URLs.
    """
    if not uri.endswith(".md"):
        return uri
    stem = uri[: -len(".md")]
    folder, _, name = stem.rpartition("/")
    if name == "index" and directory_urls:
        return f"{folder}/" if folder else ""
    if directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def href(from_uri: str, to_uri: str, directory_urls: bool, anchor: str = "") -> str:
    """A relative URL, for raw HTML, from one generated page to another page or file."""
    source = page_url(from_uri, directory_urls)
    target = page_url(to_uri, directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source) + "/"
    path = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") or not target:
        path = "./" if path == "." else path + "/"
    return html.escape(path + (f"#{anchor}" if anchor else ""), quote=True)
