"""Links in record text, found with positions.

Wiki-links: ``[[qm05]]``, ``[[child-q]]`` and ``[[child-q#qm05]]``. Ordinary
Markdown links to other pages: ``[words](qm07-governance.md#anchor)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "PageLink",
    "WikiLink",
    "code_lines",
    "find_page_links",
    "find_wikilinks",
    "parse_target",
]

_LINK = re.compile(r"\[\[([^\[\]\n]{1,200}?)\]\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
_MARKER = re.compile(r"qm(\d{1,2})")
# An inline link's destination: ``](target)`` or ``](<target>)``, with an optional title.
_INLINE = re.compile(r"\]\(\s*(<[^<>\n]*>|[^\s()<>]+)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_REVIEW = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


@dataclass(frozen=True, slots=True)
class WikiLink:
    """One ``[[target]]`` or ``[[target|label]]`` in a text.

    ``line`` and ``column`` are 0-based within the text it was found in; ``review``
    and ``marker`` say what it points at (both set for a review's answer).
    """

    raw: str
    target: str
    label: str | None
    review: str | None
    marker: int | None
    line: int
    column: int
    valid: bool


def parse_target(target: str) -> tuple[str | None, int | None] | None:
    """Split a target into (review id, marker number); None if it is not a link target."""
    review_part, _, marker_part = target.partition("#")
    if not marker_part:
        marker_match = _MARKER.fullmatch(review_part)
        if marker_match:
            return None, int(marker_match.group(1))
        if _REVIEW.fullmatch(review_part):
            return review_part, None
        return None
    marker_match = _MARKER.fullmatch(marker_part)
    if marker_match and _REVIEW.fullmatch(review_part):
        return review_part, int(marker_match.group(1))
    return None


@dataclass(frozen=True, slots=True)
class PageLink:
    """An ordinary Markdown link to another page: ``[words](path.md#anchor)``.

    ``path`` is the destination's path part as written (relative); ``column``
    points at the destination, 0-based like ``line``.
    """

    raw: str
    path: str
    anchor: str
    line: int
    column: int


def code_lines(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is fenced code (a fence line or inside one)."""
    fence: str | None = None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            yield line, True
        elif opening:
            fence = opening.group(1)
            yield line, True
        else:
            yield line, False


def _visible_lines(text: str, needle: str) -> Iterator[tuple[int, str]]:
    """Lines holding ``needle`` outside fenced code, with code spans blanked out."""
    for number, (line, is_code) in enumerate(code_lines(text.split("\n"))):
        if not is_code and needle in line:
            yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def find_page_links(text: str) -> Iterator[PageLink]:
    """Every inline link to a relative ``.md`` page in ``text``, outside code.

    Links with a scheme (``https:``), to the site root (``/``), to this page
    (``#x``) or to anything but a Markdown page are not page links.
    """
    if "](" not in text:
        return
    for number, visible in _visible_lines(text, "]("):
        for match in _INLINE.finditer(visible):
            target = match.group(1)
            if target.startswith("<"):
                target = target[1:-1].strip()
            path, _, anchor = target.partition("#")
            if not path.endswith(".md") or path.startswith(("/", "\\")) or _SCHEME.match(path):
                continue
            column = match.start(1) + (1 if match.group(1).startswith("<") else 0)
            yield PageLink(match.group(0), path, anchor, number, column)


def find_wikilinks(text: str) -> Iterator[WikiLink]:
    """Every wiki-link in ``text``, outside code blocks and code spans."""
    if "[[" not in text:
        return
    for number, visible in _visible_lines(text, "[["):
        for match in _LINK.finditer(visible):
            inner = match.group(1).strip()
            target, _, label = inner.partition("|")
            target = target.strip()
            parsed = parse_target(target)
            review, marker = parsed if parsed else (None, None)
            yield WikiLink(
                raw=match.group(0),
                target=target,
                label=label.strip() or None,
                review=review,
                marker=marker,
                line=number,
                column=match.start(),
                valid=parsed is not None,
            )
