"""Small, pure helpers: record Markdown written safely (wiki-link text), and page URLs.

Pages themselves come from templates (:mod:`.templating`); what is Markdown here
is the link text put into record text before the safe renderer reads it."""

from __future__ import annotations

import functools
import html
import posixpath

__all__ = [
    "RAW_END",
    "RAW_START",
    "esc",
    "forget_page_caches",
    "href",
    "link",
    "page_url",
    "raw_block",
    "relative",
]

_MD_SPECIAL = "\\`*_{}[]()#+!|~"
#: Each Markdown special character → itself behind a backslash (str.translate is
#: much quicker than a regex substitution; a site has millions of cells).
_MD_ESCAPES = str.maketrans({char: "\\" + char for char in _MD_SPECIAL})
#: Path segments that only posixpath can resolve.
_ODD_SEGMENTS = frozenset(("", ".", ".."))


#: Around generated HTML that Markdown need not parse (see :mod:`.rawhtml`).
RAW_START = "<!--rr-raw-->"
RAW_END = "<!--/rr-raw-->"


def esc(text: object) -> str:
    """Escape a front-matter value for Markdown: HTML-escaped, Markdown punctuation inert."""
    return _escaped(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=1 << 16)  # a site escapes the same words on page after page
def _escaped(text: str) -> str:
    value = " ".join(text.split())
    # Quotes stay as they are: this is text, never an attribute value, and an
    # entity such as &#x27; would show up escaped twice in a table of contents.
    return html.escape(value, quote=False).translate(_MD_ESCAPES)


@functools.lru_cache(maxsize=1 << 16)  # pure; serve rebuilds ask for the same links again
def relative(from_uri: str, to_uri: str) -> str:
    """A relative ``.md`` link from one page's source path to another's.

    Generated paths are plain ``a/b/c.md``, so the common folders are counted on
    the split strings; anything else (``..``, ``//``, absolute) goes to posixpath.
    """
    start = from_uri.split("/")[:-1]
    target = to_uri.split("/")
    if _ODD_SEGMENTS.intersection(start) or _ODD_SEGMENTS.intersection(target):
        return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    common = 0
    for here, there in zip(start, target, strict=False):
        if here != there:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def link(from_uri: str, to_uri: str, text: str, anchor: str = "") -> str:
    """A Markdown link whose ``text`` is already escaped."""
    target = relative(from_uri, to_uri) + (f"#{anchor}" if anchor else "")
    return f"[{text}]({target})"


def forget_page_caches() -> None:
    """Empty the caches of :func:`esc` and :func:`relative` (after a one-off build's pages)."""
    _escaped.cache_clear()
    relative.cache_clear()


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
    folder = (source if source.endswith("/") else posixpath.dirname(source)).rstrip("/")
    # `relative` starts from a file's folder, and is quicker than posixpath.relpath
    # (which asks the OS for the working directory): a dashboard has thousands of links.
    path = relative(f"{folder}/_" if folder else "_", target.rstrip("/") or ".")
    if target.endswith("/") or not target:
        path = "./" if path == "." else path + "/"
    return html.escape(path + (f"#{anchor}" if anchor else ""), quote=True)


def raw_block(html_text: str) -> str:
    """A block of finished HTML, marked so that the plugin's Markdown passes it through whole.

    Python-Markdown would otherwise parse every tag of it to find where it ends,
    on every rebuild that shows a judgement (figures: docs/guide/scale.md).
    Without the plugin's extension, Markdown still reads it as an ordinary HTML
    block (the markers are comments). ``html_text`` must not contain the end marker.
    """
    if RAW_END in html_text:
        raise ValueError("raw HTML must not contain the raw block's end marker")
    return f"{RAW_START}{html_text}{RAW_END}\n"
