"""Action plans as a board assures them: the words and rows every page shows.

An action is flagged for what a board should look at: past its (revised) due
date, marked complete with no evidence of impact, or past its next assurance
date. :mod:`.action_pages` lists them on the actions page; the dashboard, answer
and agency pages show the same words.

The flags are words with a symbol, so no meaning rests on colour.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.classification import (
    ACTION_STATUSES,
    assurance_due,
    is_overdue,
    needs_impact,
)
from ..model.collection import Action, Review
from .html import Cell, Link, Table
from .sitemodel import SiteModel, answer_uri

__all__ = [
    "ACTION_HEADERS",
    "PlacedAction",
    "action_details",
    "action_place",
    "action_rows",
    "action_table",
    "agency_name",
    "assurance_summary",
    "due_text",
    "overdue_actions",
    "placed_actions",
    "plan_table",
    "sorted_rows",
    "status_label",
]

#: An action with the review and marker it belongs to.
PlacedAction = tuple[Review, int, Action]

#: The heading (and anchor) of a lead agency group for actions that name none.
_NO_AGENCY = "No lead agency recorded"


def placed_actions(site: SiteModel) -> list[PlacedAction]:
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
    return [item for item in placed_actions(site) if is_overdue(item[2], site.today)]


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


def agency_name(site: SiteModel, slug: str | None) -> str:
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


ACTION_HEADERS = ["Owner", "Action", "Due", "Status", "Flags", "Where"]


def action_rows(site: SiteModel, uri: str, actions: Iterable[PlacedAction]) -> list[list[Cell]]:
    """A row of :data:`ACTION_HEADERS` for each action, with links relative to ``uri``."""
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
    return rows


def plan_table(site: SiteModel, uri: str) -> Table:
    """Every action of the site in one table, in the order of its words (the board paper)."""
    rows = sorted_rows(action_rows(site, uri, placed_actions(site)))
    return Table([*ACTION_HEADERS[:-1], "Review, marker"], rows, "No actions recorded.")


def assurance_summary(site: SiteModel, uri: str) -> tuple[Link, Link]:
    """The dashboard's links to the actions flagged for the board (impact, assurance)."""
    placed = placed_actions(site)
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
