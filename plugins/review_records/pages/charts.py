"""Charts drawn by the project: the review × marker heat map and judgement bars.

No plotting dependency: the pictures are simple, and writing them here keeps
every label escaped and every cell a real link with an accessible name.
Judgements are told apart by a symbol as well as by colour (WCAG 1.4.1).

The heat map is an HTML table coloured by CSS, not a picture beside a table:
assistive technology reads each cell with its review and marker headers, and
the page carries the matrix once. The SVG and its twin table made the home
page large, and every edit to a judgement rendered it again under
``mkdocs serve`` (the Scale guide has the figures).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from html import escape

from ..model.collection import JUDGEMENTS, STAGES, Marker, Review

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


def _attr(text: str) -> str:
    return escape(text, quote=True)


def heatmap(
    reviews: Sequence[Review],
    markers: Sequence[Marker],
    judgement: Callable[[Review, int], str],
    url: Callable[[Review, int | None], str],
    label: Callable[[str], str],
    marker_url: Callable[[int], str],
) -> str:
    """The review × marker heat map as one ``<table>``: a row per review, a column per marker.

    ``judgement(review, number)`` gives a judgement slug or ``missing``;
    ``url(review, number)`` the link to the answer (or, with ``None``, to the
    review); ``label(slug)`` the words for a judgement; ``marker_url(number)``
    the link to a marker's page. Both give URLs already escaped for an
    attribute, as :func:`.markup.href` does. Markers are grouped by stage, in
    stage order.
    """
    groups = [[m for m in markers if m.stage == stage] for stage in STAGES]
    ordered = [m for group in groups for m in group]
    stages = "".join(
        f'<th scope="colgroup" colspan="{len(group)}">{_attr(title)}</th>'
        for group, title in zip(groups, STAGES.values(), strict=True)
        if group
    )
    numbers = "".join(
        f'<th scope="col"><a href="{marker_url(m.number)}" '
        f'title="{_attr(m.title)}">{m.number:02d}</a></th>'
        for m in ordered
    )
    # Worked out once, not per cell: a cell is written R × 18 times on one page.
    described = {m.number: _attr(f"Marker {m.number}, {m.title}") for m in ordered}
    words = {slug: _attr(label(slug)) for slug in JUDGEMENT_SYMBOLS}
    missing = (
        f'<td class="rr-j-missing"><span aria-hidden="true">{JUDGEMENT_SYMBOLS["missing"]}</span>'
        f'<span class="rr-sr">{words["missing"]}</span></td>'
    )
    rows = []
    for review in reviews:
        # A long title is cut short on screen (CSS); the tooltip shows all of it.
        title = _attr(review.title)
        head = f'<a href="{url(review, None)}" title="{title}">{title}</a>'
        cells = [f'<th scope="row">{head}</th>']
        for marker in ordered:
            slug = judgement(review, marker.number)
            # The link is named by the judgement's words and described by the
            # marker; the symbol is what shows, and the colour only repeats it.
            cells.append(
                missing
                if slug == "missing"
                else f'<td class="rr-j-{slug}"><a href="{url(review, marker.number)}" '
                f'title="{described[marker.number]}" aria-label="{words[slug]}">'
                f"{JUDGEMENT_SYMBOLS[slug]}</a></td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<div class="rr-table-wrap" data-search-exclude="">'
        '<table class="rr-heatmap"><caption class="rr-sr">Judgements by review and marker</caption>'
        f'<thead><tr><td></td>{stages}</tr><tr><th scope="col">Review</th>{numbers}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
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
