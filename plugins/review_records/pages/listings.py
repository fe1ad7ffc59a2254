"""Pure generators for the aggregate pages: dashboard, lists, themes, agencies, actions."""

from __future__ import annotations

import html
import json
from collections import Counter

from ..model.classification import AGE_BANDS, current_due
from ..model.collection import JUDGEMENTS, STAGES, Review
from ..problems import Problem
from .assurance import (
    PlacedAction,
    actions_page,
    assurance_summary,
    classification_breakdowns,
    due_text,
    facet_labels,
    facet_values,
    overdue_actions,
)
from .charts import JUDGEMENT_SYMBOLS, heatmap, legend
from .markup import esc, link, raw_block, table
from .record_pages import review_type_label, status_label
from .sitemodel import SiteModel, answer_uri, judgement_label, marker_uri, review_uri
from .timeline import CLOCK_FILTER_LABELS, clock_cell, clock_filter, clock_summary, clocks_of

__all__ = [
    "actions_page",
    "dashboard",
    "markers_index",
    "problems_page",
    "reviews_index",
    "vocabulary_index",
    "vocabulary_page",
]


#: Overdue actions listed on the dashboard; the actions page lists them all.
OVERDUE_SHOWN = 20


def _counts(site: SiteModel, review: Review) -> tuple[str, str, str]:
    counts = Counter(answer.judgement for answer in review.answers.values())
    return str(counts["met"]), str(counts["partly-met"]), str(counts["not-met"])


def dashboard(site: SiteModel, uri: str = "index.md") -> str:
    """The dashboard: counts, the heat map with its table, overdue reviews and actions."""
    reviews = site.reviews
    parts = ["## Dashboard\n"]
    by_status = Counter(status_label(r.status) for r in reviews)
    by_type = Counter(review_type_label(r.review_type) for r in reviews)
    parts.append(f"**{len(reviews)}** reviews.\n")
    parts.append(
        table(["Status", "Reviews"], [(esc(k), str(v)) for k, v in sorted(by_status.items())])
    )
    parts.append(table(["Type", "Reviews"], [(esc(k), str(v)) for k, v in sorted(by_type.items())]))
    parts.append(classification_breakdowns(site))
    parts.append("### Judgements by review and marker\n")
    if reviews:
        parts.append(_heatmap_figure(site, uri))
    else:
        parts.append("No published reviews yet.\n")
    parts.append(clock_summary(site, uri))
    parts.append("### Overdue actions\n")
    overdue = overdue_actions(site)
    # Longest overdue first; the actions page lists every one. The home page is
    # rendered again after any edit to a judgement or an action, so its size
    # must not grow with the number of reviews.
    shown = sorted(overdue, key=lambda item: current_due(item[2]))[:OVERDUE_SHOWN]
    parts.append(_action_table(site, uri, shown))
    if len(overdue) > len(shown):
        everything = link(uri, "actions/index.md", f"all {len(overdue):,}", "overdue")
        parts.append(f"The {len(shown)} longest overdue are shown; see {everything}.\n")
    parts.append(assurance_summary(site, uri))
    return "\n".join(parts)


def _heatmap_figure(site: SiteModel, uri: str) -> str:
    def url(review: Review, number: int | None) -> str:
        target = review_uri(review.id) if number is None else answer_uri(review.id, number)
        return site.href(uri, target)

    def marker_url(number: int) -> str:
        return site.href(uri, marker_uri(number))

    table = heatmap(site.reviews, site.markers, site.judgement_of, url, judgement_label, marker_url)
    caption = (
        "Each row is a review and each column a quality marker, grouped by stage. "
        "Select a cell to open that answer, or a number to open the marker."
    )
    return f"{caption}\n\n{legend(judgement_label)}\n\n{raw_block(table)}"


def _labels(mapping: dict[str, str]) -> str:
    return html.escape(json.dumps(mapping, sort_keys=True, ensure_ascii=False), quote=True)


def reviews_index(site: SiteModel) -> str:
    """``reviews/index.md``: every published review in one table, filterable by script.

    Written as HTML so each row can carry what the filters need (``data-*``);
    without the script it is a plain, complete table. The table has no class, so
    themes that style only plain tables (Material) style it like the others.
    """
    uri = "reviews/index.md"
    if not site.reviews:
        return "# Reviews\n\nNo published reviews yet.\n"
    # Themes that can (Material) give the wide table the whole width; others ignore it.
    wide = "---\nhide:\n  - navigation\n  - toc\n---\n\n"
    vocab = site.collection.vocabulary
    e = html.escape
    labels = {
        "status": {r.status: status_label(r.status) for r in site.reviews},
        "type": {r.review_type: review_type_label(r.review_type) for r in site.reviews},
        "themes": vocab.themes,
        "agencies": vocab.agencies,
        "clocks": CLOCK_FILTER_LABELS,
        **facet_labels(vocab),
    }
    attrs = " ".join(f'data-labels-{key}="{_labels(value)}"' for key, value in labels.items())
    attrs += f' data-order-age-band="{e(" ".join(AGE_BANDS))}"'
    headers = ["Review", "Type", "Status", "Partnership", "Commissioned", "Completed", "Clocks"]
    headers.append("Themes")
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    head += "".join(f'<th scope="col" data-numeric="">{h}</th>' for h in _COUNT_HEADERS)
    rows = []
    for r in site.reviews:
        clocks = clocks_of(site, r)
        data = {
            "status": r.status,
            "type": r.review_type,
            "themes": " ".join(r.themes),
            "agencies": " ".join(r.agencies),
            "year": r.commissioned_on[:4],
            "clocks": clock_filter(clocks),
            **facet_values(r),
        }
        row_attrs = " ".join(f'data-{key}="{e(value)}"' for key, value in data.items())
        themes = ", ".join(vocab.themes.get(t, t) for t in r.themes) or "—"
        cells = [
            f'<th scope="row"><a href="{site.href(uri, review_uri(r.id))}">{e(r.title)}</a></th>',
            f"<td>{e(review_type_label(r.review_type))}</td>",
            f"<td>{e(status_label(r.status))}</td>",
            f"<td>{e(r.partnership)}</td>",
            f"<td>{e(r.commissioned_on)}</td>",
            f'<td data-sort="{e(r.completed_on or "")}">{e(r.completed_on or "—")}</td>',
            f"<td>{e(clock_cell(clocks))}</td>",
            f"<td>{e(themes)}</td>",
            *(f"<td>{count}</td>" for count in _counts(site, r)),
        ]
        rows.append(f"<tr {row_attrs}>{''.join(cells)}</tr>")
    return f"{wide}# Reviews\n\n" + raw_block(
        f'<div class="rr-table-wrap"><table data-rr-reviews="" {attrs}>'
        f"<caption>{len(site.reviews)} published review(s)</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


_COUNT_HEADERS = ("Met", "Partly met", "Not met")


def markers_index(site: SiteModel) -> str:
    """``markers/index.md``: the catalogue by stage, with each marker's judgements."""
    uri = "markers/index.md"
    parts = ["# Quality markers\n"]
    for stage, title in STAGES.items():
        parts.append(f"## {title}\n")
        rows = [
            (
                link(uri, marker_uri(m.number), site.marker_label(m.number)),
                _judgement_counts(site, m.number),
            )
            for m in site.markers
            if m.stage == stage
        ]
        parts.append(table(["Marker", "Judgements across reviews"], rows))
    return "\n".join(parts)


def _judgement_counts(site: SiteModel, number: int) -> str:
    counts = Counter(a.judgement for a in site.answers_for(number))
    words = [
        f"{JUDGEMENT_SYMBOLS[slug]} {esc(label)} {counts[slug]}"
        for slug, label in JUDGEMENTS.items()
        if counts[slug]
    ]
    return ", ".join(words) or "None yet"


def vocabulary_index(site: SiteModel, kind: str) -> str:
    """``themes/index.md`` or ``agencies/index.md``: every term with its review count."""
    uri = f"{kind}/index.md"
    titles = getattr(site.collection.vocabulary, kind)
    counts = Counter(slug for r in site.reviews for slug in getattr(r, kind))
    rows = [
        (link(uri, f"{kind}/{slug}.md", esc(title)), str(counts[slug]))
        for slug, title in sorted(titles.items())
    ]
    return f"# {kind.capitalize()}\n\n" + table(
        [kind.capitalize()[:-1] if kind == "themes" else "Agency", "Reviews"], rows
    )


def vocabulary_page(site: SiteModel, kind: str, slug: str) -> str:
    """``themes/<slug>.md`` or ``agencies/<slug>.md``: reviews, findings, weakest markers."""
    uri = f"{kind}/{slug}.md"
    title = getattr(site.collection.vocabulary, kind)[slug]
    reviews = [r for r in site.reviews if slug in getattr(r, kind)]
    parts = [f"# {esc(title)}\n", "## Reviews\n"]
    parts += [f"- {link(uri, review_uri(r.id), esc(r.title))}" for r in reviews] or ["None yet."]
    if kind == "themes":
        parts.append("\n## Findings\n")
        found = False
        for review in site.reviews:
            for finding in review.findings:
                if slug in finding.themes:
                    found = True
                    source = link(uri, review_uri(review.id), esc(review.title))
                    parts.append(f"### {esc(finding.title)}\n\nFrom {source}.\n")
                    parts.append(site.text_block(finding.detail, uri, review.file.path))
        if not found:
            parts.append("No finding is tagged with this theme yet.")
    parts.append("\n## Markers most often not met\n")
    weak = Counter(
        a.number for r in reviews for a in r.answers.values() if a.judgement == "not-met"
    )
    rows = [
        (link(uri, marker_uri(n), site.marker_label(n)), str(count))
        for n, count in sorted(weak.items(), key=lambda item: (-item[1], item[0]))
    ]
    parts.append(table(["Marker", "Reviews not meeting it"], rows) if rows else "None.\n")
    return "\n".join(parts)


def _action_table(site: SiteModel, uri: str, actions: list[PlacedAction]) -> str:
    if not actions:
        return "None.\n"
    rows = []
    for review, number, action in actions:
        where = link(uri, answer_uri(review.id, number), f"{esc(review.title)}, {number:02d}")
        rows.append([esc(action.owner), esc(action.action), due_text(action), where])
    rows.sort(key=lambda row: tuple(row))
    return table(["Owner", "Action", "Due", "Where"], rows)


def problems_page(problems: list[Problem]) -> str:
    """Shown under ``mkdocs serve`` while records have problems."""
    lines = ["# Problems in the records\n"]
    lines.append(
        "The site below is built from the records that passed; fix these and save to rebuild.\n"
    )
    lines += [f"- `{problem.format()}`" for problem in problems]
    return "\n".join(lines) + "\n"
