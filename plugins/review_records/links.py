"""Wiki-links: ``[[qm05]]``, ``[[child-q]]`` and ``[[child-q#qm05]]``, found with positions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["WikiLink", "find_wikilinks", "parse_target"]

_LINK = re.compile(r"\[\[([^\[\]\n]{1,200}?)\]\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
_MARKER = re.compile(r"qm(\d{1,2})")
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


def find_wikilinks(text: str) -> Iterator[WikiLink]:
    """Every wiki-link in ``text``, outside code blocks and code spans."""
    if "[[" not in text:
        return
    fence: str | None = None
    for number, line in enumerate(text.split("\n")):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "[[" not in line:
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
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
