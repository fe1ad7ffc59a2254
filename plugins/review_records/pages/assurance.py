"""Action plans as a board assures them, and the national classification of reviews.

``/actions/`` groups every action by its state (overdue first, then each status)
and, inside a state, by lead agency; it flags what a board should look at: actions
past their (revised) due date, actions marked complete with no evidence of impact,
and actions whose next assurance date has passed. The dashboard gets counts of the
same, and breakdowns of the reviews by incident, age band and harm type.

Every record value goes through :func:`esc`; the flags are words with a symbol,
so no meaning rests on colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..model.classification import (
    ACTION_STATUSES,
    AGE_BANDS,
    INCIDENTS,
    assurance_due,
    is_overdue,
    needs_impact,
)
from ..model.collection import Action, Review, Vocabulary
from .markup import esc, link, table
from .sitemodel import SiteModel, answer_uri

__all__ = [
    "PlacedAction",
    "action_details",
    "actions_page",
    "assurance_summary",
    "classification_breakdowns",
    "classification_facts",
    "due_text",
    "facet_labels",
    "facet_values",
    "overdue_actions",
    "status_label",
]

#: An action with the review and marker it belongs to.
PlacedAction = tuple[Review, int, Action]

#: The heading (and anchor) of a lead agency group for actions that name none.
_NO_AGENCY = "No lead agency recorded"


def _placed(site: SiteModel) -> list[PlacedAction]:
    return [
        (review, number, action)
        for review in site.reviews
        for number in sorted(review.answers)
        for action in review.answers[number].actions
    ]


def overdue_actions(site: SiteModel) -> list[PlacedAction]:
    """Every action still to be finished after its revised due date, else its due date."""
    return [item for item in _placed(site) if is_overdue(item[2], site.today)]


def status_label(slug: str) -> str:
    """``On track`` for ``on-track``."""
    return ACTION_STATUSES.get(slug, slug)


def due_text(action: Action) -> str:
    """The due date, escaped; a revised date shows the date it replaced."""
    if action.revised_due:
        return f"{esc(action.revised_due)} (revised from {esc(action.due)})"
    return esc(action.due)


def _flags(site: SiteModel, action: Action) -> str:
    flags = []
    if is_overdue(action, site.today):
        flags.append("⚠ Overdue")
    if needs_impact(action):
        flags.append("◇ No evidence of impact")
    if assurance_due(action, site.today):
        flags.append(f"⏰ Assurance due since {esc(action.next_assurance_on)}")
    return "; ".join(flags) or "—"


def _agency(site: SiteModel, slug: str | None) -> str:
    if slug is None:
        return _NO_AGENCY
    return site.collection.vocabulary.agencies.get(slug, slug)


def _where(uri: str, review: Review, number: int) -> str:
    return link(uri, answer_uri(review.id, number), f"{esc(review.title)}, {number:02d}")


def _rows(site: SiteModel, uri: str, actions: Iterable[PlacedAction]) -> list[list[str]]:
    rows = [
        [
            esc(action.owner),
            esc(action.action),
            due_text(action),
            esc(status_label(action.status)),
            _flags(site, action),
            _where(uri, review, number),
        ]
        for review, number, action in actions
    ]
    rows.sort()
    return rows


_HEADERS = ["Owner", "Action", "Due", "Status", "Flags", "Where"]


def _by_agency(site: SiteModel, uri: str, actions: list[PlacedAction], state: str) -> list[str]:
    groups: dict[str, list[PlacedAction]] = {}
    for item in actions:
        groups.setdefault(_agency(site, item[2].lead_agency), []).append(item)
    parts = []
    for name in sorted(groups, key=lambda n: (n == _NO_AGENCY, n)):
        parts.append(f"### {esc(name)} ({state.lower()})\n")
        parts.append(table(_HEADERS, _rows(site, uri, groups[name])))
    return parts


def actions_page(site: SiteModel) -> str:
    """``actions/index.md``: by state, then lead agency; then what needs the board's eye."""
    uri = "actions/index.md"
    placed = _placed(site)
    overdue = [item for item in placed if is_overdue(item[2], site.today)]
    late = {id(item[2]) for item in overdue}
    impact = [item for item in placed if needs_impact(item[2])]
    assurance = [item for item in placed if assurance_due(item[2], site.today)]
    parts = ["# Actions\n"]
    parts.append(
        f"{len(placed)} action(s): {len(overdue)} overdue, {len(impact)} complete without "
        f"evidence of impact, {len(assurance)} with assurance due. Overdue means not yet "
        "complete, embedded, done or not implemented after its due date, or after its "
        "revised due date once one is agreed. Each action is listed once below, under its "
        "state and its lead agency.\n"
    )
    parts.append("## Overdue\n")
    parts += _by_agency(site, uri, overdue, "Overdue") if overdue else ["None.\n"]
    for status, title in ACTION_STATUSES.items():
        mine = [item for item in placed if item[2].status == status and id(item[2]) not in late]
        if mine:
            parts.append(f"## {title}\n")
            parts += _by_agency(site, uri, mine, title)
    parts.append("## Complete without evidence of impact\n")
    parts.append(
        "Marked complete, with no evidence yet that it made a difference (record it in "
        "`evidence_of_impact`, then mark the action `embedded`).\n"
    )
    rows = [
        [
            esc(action.action),
            esc(_agency(site, action.lead_agency)),
            esc(action.evidence_of_completion or "—"),
            _where(uri, review, number),
        ]
        for review, number, action in impact
    ]
    headers = ["Action", "Lead agency", "Evidence of completion", "Where"]
    parts.append(table(headers, sorted(rows)) if rows else "None.\n")
    parts.append("## Assurance due\n")
    rows = [
        [
            esc(action.action),
            esc(action.assured_by or "—"),
            esc(action.assured_on or "—"),
            esc(action.next_assurance_on),
            _where(uri, review, number),
        ]
        for review, number, action in assurance
    ]
    headers = ["Action", "Assured by", "Last assured", "Next assurance was due", "Where"]
    parts.append(table(headers, sorted(rows)) if rows else "None.\n")
    parts.append("## By lead agency\n")
    parts.append(_agency_summary(site, uri, placed))
    return "\n".join(parts)


def _agency_summary(site: SiteModel, uri: str, placed: list[PlacedAction]) -> str:
    if not any(action.lead_agency for _, _, action in placed):
        return "No action records its lead agency yet.\n"
    counts: dict[str | None, Counter[str]] = {}
    for _, _, action in placed:
        count = counts.setdefault(action.lead_agency, Counter())
        count["all"] += 1
        count["overdue"] += is_overdue(action, site.today)
        count["at-risk"] += action.status == "at-risk"
        count["impact"] += needs_impact(action)
        count["assurance"] += assurance_due(action, site.today)
    known = site.collection.vocabulary.agencies

    def name(slug: str | None) -> str:
        # A link on each named agency also gives a keyboard user a way into the
        # table when a narrow screen makes it scroll.
        if slug is None or slug not in known:
            return esc(_agency(site, slug))
        return link(uri, f"agencies/{slug}.md", esc(known[slug]))

    rows = [
        [name(slug)] + [str(counts[slug][key]) for key in _SUMMARY_KEYS]
        for slug in sorted(counts, key=lambda s: (s is None, _agency(site, s)))
    ]
    headers = ["Lead agency", "Actions", "Overdue", "At risk", "No evidence of impact"]
    return table([*headers, "Assurance due"], rows)


_SUMMARY_KEYS = ("all", "overdue", "at-risk", "impact", "assurance")


def assurance_summary(site: SiteModel, uri: str) -> str:
    """One line for the dashboard: actions flagged for the board, with a link to them."""
    placed = _placed(site)
    impact = sum(needs_impact(action) for _, _, action in placed)
    assurance = sum(assurance_due(action, site.today) for _, _, action in placed)
    impact_text = f"{impact} complete without evidence of impact"
    assurance_text = f"{assurance} past their next assurance date"
    impact_link = link(uri, "actions/index.md", impact_text, _IMPACT_ANCHOR)
    assurance_link = link(uri, "actions/index.md", assurance_text, "assurance-due")
    return f"Actions also flagged for the board: {impact_link}; {assurance_link}.\n"


_IMPACT_ANCHOR = "complete-without-evidence-of-impact"


def action_details(action: Action) -> list[str]:
    """An action's assurance record as Markdown list lines (empty for a plain action)."""
    lines = []
    facts = (
        ("Lead agency", action.lead_agency),
        ("Answers the finding", action.finding),
        ("Revised due date", action.revised_due),
        ("Why revised", action.revised_reason),
        ("Reason", action.reason),
        ("Evidence of completion", action.evidence_of_completion),
        ("Evidence of impact", action.evidence_of_impact),
        ("Assured on", action.assured_on),
        ("Assured by", action.assured_by),
        ("Next assurance", action.next_assurance_on),
    )
    lines += [f"- **{name}:** {esc(value)}" for name, value in facts if value]
    lines += [f"- **Progress, {esc(note.on)}:** {esc(note.note)}" for note in action.progress]
    return lines


def classification_facts(site: SiteModel, review: Review) -> list[tuple[str, str]]:
    """Rows for a review page's facts table: incident, age band, harm types (when recorded)."""
    harms = site.collection.vocabulary.harm_types
    rows = []
    if review.incident:
        rows.append(("Incident", esc(INCIDENTS.get(review.incident, review.incident))))
    if review.age_band:
        rows.append(("Age band", esc(AGE_BANDS.get(review.age_band, review.age_band))))
    if review.harm_types:
        rows.append(("Harm types", esc(", ".join(harms.get(h, h) for h in review.harm_types))))
    return rows


def classification_breakdowns(site: SiteModel) -> str:
    """The dashboard's counts of reviews by incident, age band and harm type."""
    reviews = site.reviews
    parts = ["### Reviews by national classification\n"]
    if not any(r.incident or r.age_band or r.harm_types for r in reviews):
        parts.append("No review records its incident, age band or harm types yet.\n")
        return "\n".join(parts)
    unrecorded = "Not recorded"
    incidents = Counter(r.incident for r in reviews)
    rows = [(esc(label), str(incidents[slug])) for slug, label in INCIDENTS.items()]
    parts.append(table(["Incident", "Reviews"], [*rows, (unrecorded, str(incidents[None]))]))
    ages = Counter(r.age_band for r in reviews)
    rows = [(esc(label), str(ages[slug])) for slug, label in AGE_BANDS.items()]
    parts.append(table(["Age band", "Reviews"], [*rows, (unrecorded, str(ages[None]))]))
    harms = Counter(h for r in reviews for h in r.harm_types)
    titles = site.collection.vocabulary.harm_types
    rows = [
        (esc(titles.get(slug, slug)), str(count))
        for slug, count in sorted(harms.items(), key=lambda item: (-item[1], item[0]))
    ]
    none = sum(1 for r in reviews if not r.harm_types)
    parts.append(
        "A review may record several harm types, so these counts can add up to more "
        "than the number of reviews.\n"
    )
    parts.append(table(["Harm type", "Reviews"], [*rows, (unrecorded, str(none))]))
    return "\n".join(parts)


def facet_labels(vocabulary: Vocabulary) -> dict[str, dict[str, str]]:
    """Filter key → value → label, for the classification filters on ``/reviews/``."""
    return {"incident": INCIDENTS, "age-band": AGE_BANDS, "harm-types": vocabulary.harm_types}


def facet_values(review: Review) -> dict[str, str]:
    """Filter key → the review's values (space-separated), as ``/reviews/`` rows carry them."""
    return {
        "incident": review.incident or "",
        "age-band": review.age_band or "",
        "harm-types": " ".join(review.harm_types),
    }
