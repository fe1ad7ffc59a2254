"""Action plans as a board assures them.

``/actions/`` groups every action by its state (overdue first, then each status)
and, inside a state, by lead agency; it flags what a board should look at: actions
past their (revised) due date, actions marked complete with no evidence of impact,
and actions whose next assurance date has passed. The dashboard gets counts of the
same.

The flags are words with a symbol, so no meaning rests on colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model.classification import (
    ACTION_STATUSES,
    assurance_due,
    is_overdue,
    needs_impact,
)
from ..model.collection import Action, Review
from .html import Cell, Link, Table
from .sitemodel import SiteModel, answer_uri
from .views import SiteView

__all__ = [
    "ActionsView",
    "PlacedAction",
    "action_details",
    "action_place",
    "action_table",
    "actions_page",
    "assurance_summary",
    "due_text",
    "overdue_actions",
    "plan_table",
    "sorted_rows",
    "status_label",
]

#: An action with the review and marker it belongs to.
PlacedAction = tuple[Review, int, Action]

#: The heading (and anchor) of a lead agency group for actions that name none.
_NO_AGENCY = "No lead agency recorded"


def _placed(site: SiteModel) -> list[PlacedAction]:
    """Every action of the site with its review and marker (listed once per build)."""
    if site.placed is None:
        site.placed = [
            (review, number, action)
            for review in site.reviews
            for number in sorted(review.answers)
            for action in review.answers[number].actions
        ]
    return site.placed


def overdue_actions(site: SiteModel) -> list[PlacedAction]:
    """Every action still to be finished after its revised due date, else its due date."""
    return [item for item in _placed(site) if is_overdue(item[2], site.today)]


def status_label(slug: str) -> str:
    """``On track`` for ``on-track``."""
    return ACTION_STATUSES.get(slug, slug)


def due_text(action: Action) -> str:
    """The due date; a revised date shows the date it replaced."""
    if action.revised_due:
        return f"{action.revised_due} (revised from {action.due})"
    return action.due


def _flags(site: SiteModel, action: Action) -> str:
    flags = []
    if is_overdue(action, site.today):
        flags.append("⚠ Overdue")
    if needs_impact(action):
        flags.append("◇ No evidence of impact")
    if assurance_due(action, site.today):
        flags.append(f"⏰ Assurance due since {action.next_assurance_on}")
    return "; ".join(flags) or "—"


def _agency(site: SiteModel, slug: str | None) -> str:
    if slug is None:
        return _NO_AGENCY
    return site.collection.vocabulary.agencies.get(slug, slug)


def action_place(site: SiteModel, uri: str, review: Review, number: int) -> Link:
    """A link to the answer an action belongs to: ``Child X (fictional), 05``."""
    return site.link(uri, answer_uri(review.id, number), f"{review.title}, {number:02d}")


def sorted_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows in the order of their cells' words (a link by its text)."""
    return sorted(
        rows,
        key=lambda row: [str(cell) if not isinstance(cell, Link) else cell.text for cell in row],
    )


_HEADERS = ["Owner", "Action", "Due", "Status", "Flags", "Where"]


def _rows(site: SiteModel, uri: str, actions: Iterable[PlacedAction]) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [
            action.owner,
            action.action,
            due_text(action),
            status_label(action.status),
            _flags(site, action),
            action_place(site, uri, review, number),
        ]
        for review, number, action in actions
    ]
    return sorted_rows(rows)


def plan_table(site: SiteModel, uri: str) -> Table:
    """Every action of the site in one table, in the order of its words (the board paper)."""
    rows = _rows(site, uri, _placed(site))
    return Table([*_HEADERS[:-1], "Review, marker"], rows, "No actions recorded.")


@dataclass(frozen=True, slots=True)
class ActionGroup:
    """The actions of one lead agency in one state."""

    heading: str
    table: Table


@dataclass(frozen=True, slots=True)
class ActionState:
    """The actions in one state (overdue, or a status), by lead agency."""

    title: str
    groups: list[ActionGroup]


@dataclass(frozen=True, slots=True)
class ActionsView:
    """What ``actions.html`` shows (given to the template as ``actions``)."""

    count: int
    overdue: int
    impact: int
    assurance: int
    states: list[ActionState]
    impact_table: Table
    assurance_table: Table
    agencies: Table | None


def _by_agency(
    site: SiteModel, uri: str, actions: list[PlacedAction], state: str
) -> list[ActionGroup]:
    groups: dict[str, list[PlacedAction]] = {}
    for item in actions:
        groups.setdefault(_agency(site, item[2].lead_agency), []).append(item)
    return [
        ActionGroup(f"{name} ({state.lower()})", Table(_HEADERS, _rows(site, uri, groups[name])))
        for name in sorted(groups, key=lambda n: (n == _NO_AGENCY, n))
    ]


def actions_view(site: SiteModel) -> ActionsView:
    """The view of ``actions/index.md``: by state, then lead agency; then what needs the board."""
    uri = "actions/index.md"
    placed = _placed(site)
    overdue = [item for item in placed if is_overdue(item[2], site.today)]
    late = {id(item[2]) for item in overdue}
    impact = [item for item in placed if needs_impact(item[2])]
    assurance = [item for item in placed if assurance_due(item[2], site.today)]
    states = [ActionState("Overdue", _by_agency(site, uri, overdue, "Overdue"))]
    for status, title in ACTION_STATUSES.items():
        mine = [item for item in placed if item[2].status == status and id(item[2]) not in late]
        if mine:
            states.append(ActionState(title, _by_agency(site, uri, mine, title)))
    impact_rows: list[list[Cell]] = [
        [
            action.action,
            _agency(site, action.lead_agency),
            action.evidence_of_completion or "—",
            action_place(site, uri, review, number),
        ]
        for review, number, action in impact
    ]
    assurance_rows: list[list[Cell]] = [
        [
            action.action,
            action.assured_by or "—",
            action.assured_on or "—",
            action.next_assurance_on or "—",
            action_place(site, uri, review, number),
        ]
        for review, number, action in assurance
    ]
    return ActionsView(
        count=len(placed),
        overdue=len(overdue),
        impact=len(impact),
        assurance=len(assurance),
        states=states,
        impact_table=Table(
            ["Action", "Lead agency", "Evidence of completion", "Where"],
            sorted_rows(impact_rows),
        ),
        assurance_table=Table(
            ["Action", "Assured by", "Last assured", "Next assurance was due", "Where"],
            sorted_rows(assurance_rows),
        ),
        agencies=_agency_summary(site, uri, placed),
    )


def actions_page(site: SiteModel) -> str:
    """``actions/index.md``, from ``actions.html``."""
    uri = "actions/index.md"
    return site.templates.render(
        "actions.html", actions=actions_view(site), site=SiteView(site, uri)
    )


def _agency_summary(site: SiteModel, uri: str, placed: list[PlacedAction]) -> Table | None:
    if not any(action.lead_agency for _, _, action in placed):
        return None
    counts: dict[str | None, Counter[str]] = {}
    for _, _, action in placed:
        count = counts.setdefault(action.lead_agency, Counter())
        count["all"] += 1
        count["overdue"] += is_overdue(action, site.today)
        count["at-risk"] += action.status == "at-risk"
        count["impact"] += needs_impact(action)
        count["assurance"] += assurance_due(action, site.today)
    known = site.collection.vocabulary.agencies

    def name(slug: str | None) -> Cell:
        # A link on each named agency also gives a keyboard user a way into the
        # table when a narrow screen makes it scroll.
        if slug is None or slug not in known:
            return _agency(site, slug)
        return site.link(uri, f"agencies/{slug}.md", known[slug])

    rows: list[list[Cell]] = [
        [name(slug), *(str(counts[slug][key]) for key in _SUMMARY_KEYS)]
        for slug in sorted(counts, key=lambda s: (s is None, _agency(site, s)))
    ]
    headers = ["Lead agency", "Actions", "Overdue", "At risk", "No evidence of impact"]
    return Table([*headers, "Assurance due"], rows)


_SUMMARY_KEYS = ("all", "overdue", "at-risk", "impact", "assurance")


def assurance_summary(site: SiteModel, uri: str) -> tuple[Link, Link]:
    """The dashboard's links to the actions flagged for the board (impact, assurance)."""
    placed = _placed(site)
    impact = sum(needs_impact(action) for _, _, action in placed)
    assurance = sum(assurance_due(action, site.today) for _, _, action in placed)
    return (
        site.link(
            uri,
            "actions/index.md",
            f"{impact} complete without evidence of impact",
            "complete-without-evidence-of-impact",
        ),
        site.link(
            uri, "actions/index.md", f"{assurance} past their next assurance date", "assurance-due"
        ),
    )


def action_table(actions: list[Action]) -> Table:
    """An answer's actions: what, who, when and how it stands."""
    rows: list[list[Cell]] = [
        [a.action, a.owner, due_text(a), status_label(a.status)] for a in actions
    ]
    return Table(["Action", "Owner", "Due", "Status"], rows)


def action_details(action: Action) -> list[tuple[str, str]]:
    """An action's assurance record as (name, value) pairs (empty for a plain action)."""
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
    found = [(name, value) for name, value in facts if value]
    found += [(f"Progress, {note.on}", note.note) for note in action.progress]
    return found
