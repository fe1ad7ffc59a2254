"""Render record Markdown (bodies, notes, finding details) to safe HTML ourselves.

Record text is untrusted. MkDocs' renderer (Python-Markdown) passes raw HTML and
``javascript:`` links through and takes minutes on some 40 KB inputs (a run of
``[`` or of ``<a ``), so record text never reaches it: markdown-it-py renders it
with raw HTML off and a link allowlist, nh3 (an allowlist sanitiser) cleans the
result as a second, independent guard, and the page templates take the HTML as
Markup: generated pages never pass through Python-Markdown.

Links to other pages stay as relative ``.md`` paths here; the plugin turns them
into URLs once MkDocs knows every file (:func:`resolve_md_links`).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt

from ..records.links import code_lines

__all__ = [
    "ALLOWED_SCHEMES",
    "MAX_BRACKETS",
    "MAX_PARAGRAPH",
    "MAX_TEXT",
    "is_safe_url",
    "record_block",
    "render_markdown",
    "resolve_md_links",
    "strip_comments",
]

#: Link schemes a record may use; anything else (``javascript:``, ``data:``, ``file:``) is text.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
#: Longer texts are shown as plain preformatted text: rendering time stays linear.
MAX_TEXT = 200_000
#: No real paragraph is this long; longer ones are shown as plain text.
MAX_PARAGRAPH = 20_000
#: markdown-it-py's time grows with each "[" (figures: docs/guide/scale.md); real texts
#: have a few dozen.
MAX_BRACKETS = 2_000

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII whitespace and control characters inside a scheme ("java\tscript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "s",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def is_safe_url(url: str) -> bool:
    """True for http, https and mailto URLs and for relative references (not ``//host``)."""
    squeezed = _IGNORED_IN_URL.sub("", html.unescape(url)).lower()
    if squeezed.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    match = _SCHEME.match(squeezed)
    if match:
        return match.group(1) in ALLOWED_SCHEMES
    # A colon before any / ? # would make a browser read a scheme we did not recognise.
    head = re.split(r"[/?#]", squeezed, maxsplit=1)[0]
    return ":" not in head


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    # Images would make readers' browsers fetch from anywhere; the alt text stays as text.
    md.disable("image")
    # markdown-it's documented hook for which links to keep is this attribute.
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    return md


_MD = _renderer()


def _too_big(text: str) -> bool:
    if len(text) > MAX_TEXT or text.count("[") > MAX_BRACKETS:
        return True
    return any(len(part) > MAX_PARAGRAPH for part in _BLANK_LINES.split(text))


def strip_comments(text: str) -> str:
    """Drop ``<!-- … -->`` comments: allow notes for the checker, never page text.

    With raw HTML off a comment would show as text; a name hidden in one must not
    reach the site at all. ``str.find`` keeps this linear on unclosed openers.
    """
    parts = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def render_markdown(text: str) -> str:
    """Safe HTML for one piece of record Markdown; time grows about linearly with size."""
    return _render_stripped(strip_comments(text))


def _render_stripped(text: str) -> str:
    """:func:`render_markdown` for text whose comments are already gone."""
    if _too_big(text):
        rendered = f"<pre>{html.escape(text, quote=False)}</pre>\n"
    else:
        rendered = _MD.render(text)
    return nh3.clean(
        rendered,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(ALLOWED_SCHEMES),
        filter_style_properties={"text-align"},
        strip_comments=True,
        link_rel=None,
    )


_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_TAG = re.compile(r"<[^>]*>")


def _sections(text: str) -> list[tuple[tuple[int, str] | None, str]]:
    """Split Markdown at ATX headings outside fenced code: (heading, the text under it)."""
    sections: list[tuple[tuple[int, str] | None, str]] = []
    heading: tuple[int, str] | None = None
    lines: list[str] = []
    for line, is_code in code_lines(text.split("\n")):
        match = None if is_code else _ATX.match(line)
        if match:
            sections.append((heading, "\n".join(lines)))
            heading, lines = (len(match.group(1)), match.group(2)), []
            continue
        lines.append(line)
    sections.append((heading, "\n".join(lines)))
    return sections


def _heading_text(markdown: str) -> str:
    """A heading's words as plain text (its emphasis and links dropped, never its words)."""
    inline = _MD.renderInline(markdown) if len(markdown) <= MAX_PARAGRAPH else markdown
    return html.unescape(_TAG.sub("", inline))


def record_block(text: str) -> str:
    """Record Markdown as safe HTML for a generated page: headings, then each run of text.

    Headings are written as plain words (their emphasis and links dropped) so
    that the page's outline can list them and give them ids
    (:mod:`.headings`); the text between them is a ``<div class="rr-text">``.
    """
    text = strip_comments(text)
    parts = []
    for heading, content in _sections(text):
        if heading is not None:
            level, words = heading
            words = html.escape(_heading_text(words), quote=False)
            parts.append(f"\n<h{level}>{words}</h{level}>\n")
        body = _render_stripped(content).strip()
        if body:
            parts.append(f'\n<div class="rr-text">\n{body}\n</div>\n')
    return "".join(parts)


class BlockMemo:
    """:func:`record_block` results carried from one build to the next under ``mkdocs serve``.

    A one-line edit changes one text; the other thousands need not be rendered
    again. The key is the whole input text and the function is pure, so an entry
    can never be stale; only the texts of the last build are kept, so memory
    stays that of one site.
    """

    def __init__(self) -> None:
        self._previous: dict[str, str] = {}
        self._current: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._previous.keys() | self._current.keys())

    def next_build(self) -> None:
        """Start a build: keep what the last one rendered, and forget the rest."""
        self._previous, self._current = self._current, {}

    def block(self, text: str) -> str:
        """``record_block(text)``, rendered once per distinct text."""
        found = self._current.get(text)
        if found is None:
            found = self._previous.get(text)
            if found is None:
                found = record_block(text)
            self._current[text] = found
        return found


_MD_HREF = re.compile(r'href="([^":?#]*\.md)(#[^"]*)?"')


def resolve_md_links(
    page_html: str, page_uri: str, url_of: Callable[[str], str | None]
) -> tuple[str, list[str]]:
    """Turn record links to ``.md`` sources into URLs, as MkDocs does for Markdown links.

    ``url_of`` maps a source path (relative to docs) to the URL relative to the
    page, or None if there is no such page. Returns the HTML and the targets
    that did not resolve (left as they were, for the caller to report).
    """
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        anchor = html.unescape(match.group(2) or "")
        source = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), target))
        url = None if source.startswith("../") else url_of(source)
        if url is None:
            missing.append(target)
            return match.group(0)
        return f'href="{html.escape(url + anchor, quote=True)}"'

    return _MD_HREF.sub(replace, page_html), missing
