"""Inline SVG drawn by the project: the review × marker heat map and judgement bars.

No plotting dependency: the pictures are simple, and writing the SVG here keeps
every label escaped and every cell a real link with an accessible name.
Judgements are told apart by a symbol as well as by colour (WCAG 1.4.1), and
each chart sits beside an equivalent table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from html import escape

from .model import JUDGEMENTS, STAGES, Marker, Review

__all__ = ["JUDGEMENT_SYMBOLS", "distribution_bar", "heatmap", "legend"]

#: A symbol for each judgement (and for a marker with no answer file yet).
JUDGEMENT_SYMBOLS = {
    "met": "✓",
    "partly-met": "◐",
    "not-met": "✗",
    "not-applicable": "–",
    "not-assessed": "?",
    "missing": "·",
}

_CELL = 26
_GAP = 10  # between stage groups
_LABEL_WIDTH = 230
_HEADER = 44
_MAX_LABEL = 30


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _short(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1].rstrip() + "…"


def _columns(markers: Sequence[Marker]) -> list[tuple[Marker, int]]:
    """Each marker with its x position: stages in order, a gap between them."""
    placed: list[tuple[Marker, int]] = []
    x = _LABEL_WIDTH
    for stage in STAGES:
        group = [m for m in markers if m.stage == stage]
        for marker in group:
            placed.append((marker, x))
            x += _CELL
        if group:
            x += _GAP
    return placed


def heatmap(
    reviews: Sequence[Review],
    markers: Sequence[Marker],
    judgement: Callable[[Review, int], str],
    url: Callable[[Review, int | None], str],
    label: Callable[[str], str],
) -> str:
    """The review × marker heat map as one ``<svg>`` element.

    ``judgement(review, number)`` gives a judgement slug or ``missing``;
    ``url(review, number)`` the link to the answer (or, with ``None``, to the
    review); ``label(slug)`` the words for a judgement.
    """
    columns = _columns(markers)
    width = (columns[-1][1] + _CELL if columns else _LABEL_WIDTH) + 4
    height = _HEADER + _CELL * len(reviews) + 4
    out = [
        f'<svg class="rr-heatmap" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'aria-label="Judgements by review and marker" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
    ]
    out += _stage_headings(columns)
    for marker, x in columns:
        out.append(
            f'<text class="rr-hm-col" x="{x + _CELL // 2}" y="{_HEADER - 6}" '
            f'text-anchor="middle" aria-hidden="true">{marker.number:02d}</text>'
        )
    for row, review in enumerate(reviews):
        y = _HEADER + row * _CELL
        title = _attr(review.title)
        out.append(
            f'<a href="{_attr(url(review, None))}" aria-label="{title}">'
            f'<text class="rr-hm-row" x="{_LABEL_WIDTH - 8}" y="{y + _CELL * 0.68:.0f}" '
            f'text-anchor="end">{_attr(_short(review.title))}</text></a>'
        )
        for marker, x in columns:
            out.append(_cell(review, marker, x, y, judgement, url, label))
    out.append("</svg>")
    return "".join(out)


def _stage_headings(columns: list[tuple[Marker, int]]) -> list[str]:
    out = []
    for stage, title in STAGES.items():
        xs = [x for marker, x in columns if marker.stage == stage]
        if xs:
            middle = (xs[0] + xs[-1] + _CELL) // 2
            out.append(
                f'<text class="rr-hm-stage" x="{middle}" y="14" text-anchor="middle" '
                f'aria-hidden="true">{_attr(title)}</text>'
            )
    return out


def _cell(
    review: Review,
    marker: Marker,
    x: int,
    y: int,
    judgement: Callable[[Review, int], str],
    url: Callable[[Review, int | None], str],
    label: Callable[[str], str],
) -> str:
    slug = judgement(review, marker.number)
    name = _attr(f"{review.title} — marker {marker.number}, {marker.title}: {label(slug).lower()}")
    shape = (
        f'<rect class="rr-j rr-j-{slug}" x="{x + 1}" y="{y + 1}" '
        f'width="{_CELL - 2}" height="{_CELL - 2}" rx="3"/>'
        f'<text class="rr-sym rr-sym-{slug}" x="{x + _CELL // 2}" y="{y + _CELL * 0.7:.0f}" '
        f'text-anchor="middle" aria-hidden="true">{JUDGEMENT_SYMBOLS[slug]}</text>'
    )
    if slug == "missing":
        return f'<g role="img" aria-label="{name}"><title>{name}</title>{shape}</g>'
    return (
        f'<a href="{_attr(url(review, marker.number))}" aria-label="{name}">'
        f"<title>{name}</title>{shape}</a>"
    )


def legend(label: Callable[[str], str]) -> str:
    """The key to the symbols and colours, as an HTML list."""
    items = "".join(
        f'<li><span class="rr-key rr-j-{slug}" aria-hidden="true">{symbol}</span> '
        f"{_attr(label(slug))}</li>"
        for slug, symbol in JUDGEMENT_SYMBOLS.items()
    )
    return f'<ul class="rr-legend" aria-label="Key">{items}</ul>'


def distribution_bar(judgements: Sequence[str], label: Callable[[str], str]) -> str:
    """A stacked bar of how many reviews gave each judgement, with a text alternative."""
    counts = Counter(judgements)
    total = sum(counts.values())
    order = [*JUDGEMENTS, "missing"]
    words = ", ".join(f"{label(s).lower()} {counts[s]}" for s in order if counts[s])
    name = _attr(f"Judgements across {total} review(s): {words or 'none yet'}")
    width, height = 360, 22
    out = [
        f'<svg class="rr-bar" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title>{name}</title>'
    ]
    x = 0.0
    for slug in order:
        if not counts[slug]:
            continue
        part = width * counts[slug] / total
        out.append(
            f'<rect class="rr-j rr-j-{slug}" x="{x:.1f}" y="0" width="{part:.1f}" '
            f'height="{height}"/>'
        )
        if part >= 16:
            out.append(
                f'<text class="rr-sym rr-sym-{slug}" x="{x + part / 2:.1f}" y="16" '
                f'text-anchor="middle">{JUDGEMENT_SYMBOLS[slug]}{counts[slug]}</text>'
            )
        x += part
    if not total:
        out.append(
            f'<rect class="rr-j rr-j-missing" x="0" y="0" width="{width}" height="{height}"/>'
        )
    out.append("</svg>")
    return "".join(out)
