"""Pure generators for the aggregate pages: dashboard, lists, themes, agencies, actions."""

from __future__ import annotations

from collections import Counter

from .markup import esc, link, table
from .model import STAGES, Review
from .pages import review_type_label, status_label
from .problems import Problem
from .site import SiteModel, answer_uri, judgement_label, marker_uri, review_uri

__all__ = [
    "actions_page",
    "dashboard",
    "markers_index",
    "problems_page",
    "reviews_index",
    "vocabulary_index",
    "vocabulary_page",
]


def _counts(site: SiteModel, review: Review) -> tuple[str, str, str]:
    counts = Counter(answer.judgement for answer in review.answers.values())
    return str(counts["met"]), str(counts["partly-met"]), str(counts["not-met"])


def dashboard(site: SiteModel, uri: str = "index.md") -> str:
    """The dashboard: counts, the review × marker matrix, overdue reviews and actions."""
    reviews = site.reviews
    parts = ["## Dashboard\n"]
    by_status = Counter(status_label(r.status) for r in reviews)
    by_type = Counter(review_type_label(r.review_type) for r in reviews)
    parts.append(f"**{len(reviews)}** reviews.\n")
    parts.append(
        table(["Status", "Reviews"], [(esc(k), str(v)) for k, v in sorted(by_status.items())])
    )
    parts.append(table(["Type", "Reviews"], [(esc(k), str(v)) for k, v in sorted(by_type.items())]))
    parts.append("### Judgements by review and marker\n")
    headers = ["Review"] + [f"{m.number:02d}" for m in site.markers]
    rows = []
    for review in reviews:
        cells = [link(uri, review_uri(review.id), esc(review.title))]
        for marker in site.markers:
            slug = site.judgement_of(review, marker.number)
            label = esc(judgement_label(slug))
            cells.append(
                link(uri, answer_uri(review.id, marker.number), label)
                if marker.number in review.answers
                else label
            )
        rows.append(cells)
    parts.append(table(headers, rows))
    late = [r for r in reviews if site.is_overdue(r)]
    parts.append(f"### Reviews past the {site.target_months}-month target\n")
    if late:
        parts += [f"- {link(uri, review_uri(r.id), esc(r.title))}" for r in late]
        parts.append("")
    else:
        parts.append("None.\n")
    parts.append("### Overdue actions\n")
    parts.append(_action_table(site, uri, overdue_only=True))
    return "\n".join(parts)


def reviews_index(site: SiteModel) -> str:
    """``reviews/index.md``: every published review in one table."""
    uri = "reviews/index.md"
    vocab = site.collection.vocabulary
    rows = [
        (
            link(uri, review_uri(r.id), esc(r.title)),
            esc(review_type_label(r.review_type)),
            esc(status_label(r.status)),
            esc(r.partnership),
            esc(r.commissioned_on),
            esc(r.completed_on or "—"),
            esc(", ".join(vocab.themes.get(t, t) for t in r.themes) or "—"),
            *_counts(site, r),
        )
        for r in site.reviews
    ]
    headers = ["Review", "Type", "Status", "Partnership", "Commissioned", "Completed", "Themes"]
    headers += ["Met", "Partly met", "Not met"]
    return "# Reviews\n\n" + (table(headers, rows) if rows else "No published reviews yet.\n")


def markers_index(site: SiteModel) -> str:
    """``markers/index.md``: the catalogue by stage."""
    uri = "markers/index.md"
    parts = ["# Quality markers\n"]
    for stage, title in STAGES.items():
        parts.append(f"## {title}\n")
        parts += [
            f"- {link(uri, marker_uri(m.number), site.marker_label(m.number))}"
            for m in site.markers
            if m.stage == stage
        ]
        parts.append("")
    return "\n".join(parts)


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
                    parts.append(site.render_links(finding.detail, uri).strip() + "\n")
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


def _action_table(site: SiteModel, uri: str, *, overdue_only: bool = False) -> str:
    today = site.today.isoformat()
    rows = []
    for review in site.reviews:
        for answer in sorted(review.answers.values(), key=lambda a: a.number):
            for action in answer.actions:
                overdue = action.status == "open" and action.due < today
                if overdue_only and not overdue:
                    continue
                state = "overdue" if overdue else action.status
                rows.append(
                    (
                        esc(action.owner),
                        esc(action.action),
                        esc(action.due),
                        state,
                        link(
                            uri,
                            answer_uri(review.id, answer.number),
                            f"{esc(review.title)}, {answer.number:02d}",
                        ),
                    )
                )
    rows.sort(key=lambda row: (row[0], row[2], row[4]))
    if not rows:
        return "None.\n"
    return table(["Owner", "Action", "Due", "Status", "Where"], rows)


def actions_page(site: SiteModel) -> str:
    """``actions/index.md``: every action, grouped open/overdue/done, by owner."""
    return "# Actions\n\n" + _action_table(site, "actions/index.md")


def problems_page(problems: list[Problem]) -> str:
    """Shown under ``mkdocs serve`` while records have problems."""
    lines = ["# Problems in the records\n"]
    lines.append(
        "The site below is built from the records that passed; fix these and save to rebuild.\n"
    )
    lines += [f"- `{problem.format()}`" for problem in problems]
    return "\n".join(lines) + "\n"
