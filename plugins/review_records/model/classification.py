"""National classification of reviews and the states of an action plan: labels and rules.

Kept apart from :mod:`.collection` so that the words shown for each value, and
what "overdue" means, are defined once for the pages, the export and the checks.
"""

from __future__ import annotations

import datetime as dt

from .collection import Action

__all__ = [
    "ACTION_STATUSES",
    "AGE_BANDS",
    "CLOSED_STATUSES",
    "INCIDENTS",
    "assurance_due",
    "current_due",
    "is_overdue",
    "needs_impact",
]

#: ``incident`` → label: the nature of notification in the DfE serious incident
#: notification statistics (child death, serious harm, other).
INCIDENTS = {"death": "Death", "serious-harm": "Serious harm", "other": "Other"}

#: ``age_band`` → label, youngest first: the DfE statistics' age groups (under 1,
#: 1 to 5, 11 to 15, unknown were seen; 6 to 10 and 16 to 17 complete the set).
AGE_BANDS = {
    "unborn": "Unborn",
    "under-1": "Under 1",
    "1-5": "1 to 5",
    "6-10": "6 to 10",
    "11-15": "11 to 15",
    "16-17": "16 to 17",
    "unknown": "Age unknown",
}

#: Action ``status`` → label, in the order an action plan lists them.
ACTION_STATUSES = {
    "at-risk": "At risk",
    "not-started": "Not started",
    "on-track": "On track",
    "open": "Open",
    "complete": "Complete",
    "done": "Done",
    "embedded": "Embedded",
    "not-implemented": "Not implemented",
}

#: Statuses of an action that is finished with, one way or the other: never overdue.
CLOSED_STATUSES = frozenset({"done", "complete", "embedded", "not-implemented"})


def current_due(action: Action) -> str:
    """The date the action is now due: ``revised_due`` once agreed, else ``due``."""
    return action.revised_due or action.due


def is_overdue(action: Action, today: dt.date) -> bool:
    """Still to be finished after the day it is now due (the build date is ``today``)."""
    return action.status not in CLOSED_STATUSES and current_due(action) < today.isoformat()


def needs_impact(action: Action) -> bool:
    """Marked complete, but with nothing yet to show it made a difference."""
    return action.status == "complete" and not action.evidence_of_impact


def assurance_due(action: Action, today: dt.date) -> bool:
    """The next assurance date has passed (``next_assurance_on`` before ``today``)."""
    return action.next_assurance_on is not None and action.next_assurance_on < today.isoformat()
