"""The dated events and clocks of reviews, as pages show them.

A review page gets its timeline (every dated event in order, then each clock);
the dashboard gets the clocks across reviews; ``/reviews/`` gets what its clock
filter needs. Every status is shown in words with a symbol, so nothing depends
on colour.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..model.clocks import CLOCK_STATUSES, DATE_FIELDS, Clock, ClockRule, event_dates, review_clocks
from ..model.collection import Review
from .html import Cell, Link, Table
from .sitemodel import SiteModel, review_uri

__all__ = [
    "CLOCK_FILTER_LABELS",
    "CLOCK_SYMBOLS",
    "DUE_SOON",
    "ClockSummary",
    "TimelineView",
    "clock_cell",
    "clock_filter",
    "clock_summary",
    "clocks_of",
    "status_text",
    "timeline_view",
]

#: A symbol for each clock status, shown beside its words.
CLOCK_SYMBOLS = {
    "met": "✓",
    "missed": "✗",
    "due": "◷",
    "unknown": "?",
    "not-applicable": "–",
}
_STATUS_WORDS = {
    "met": "Met",
    "missed": "Missed",
    "due": "Due",
    "unknown": "Unknown",
    "not-applicable": "Not applicable",
}

#: The options of the clock filter on ``/reviews/``: a review matches when any clock has it.
CLOCK_FILTER_LABELS = {
    status: f"{CLOCK_SYMBOLS[status]} A clock {_STATUS_WORDS[status].lower()}"
    for status in CLOCK_STATUSES
}

#: A running clock is "due soon" on the dashboard with this many working days left or fewer.
DUE_SOON = 10
#: Reviews listed under each heading of the dashboard; ``/reviews/`` filters them all.
LISTED = 20

_EVENTS = {
    "aware_on": "The local authority became aware of the incident",
    "notified_on": "Serious incident notification to the Panel",
    "rapid_review_sent_on": "Rapid review sent to the Panel",
    "decision_on": "Decision on a practice review",
    "commissioned_on": "Review commissioned",
    "completed_on": "Review completed",
    "sent_to_panel_on": "Final report sent to the Panel and the Secretary of State",
    "published_on": "Report published",
}
_DECISIONS = {
    "lcspr": "a local child safeguarding practice review",
    "no-further-review": "no further review",
    "other-learning-review": "another learning review",
    "national-review": "a national review by the Panel",
}
_UNITS = {"working-days": "working days", "calendar-months": "calendar months"}


def clocks_of(site: SiteModel, review: Review) -> list[Clock]:
    """Every clock of a review on the site's build date (worked out once per build)."""
    found = site.clocks.get(review.id)
    if found is None:
        found = review_clocks(review, site.collection.clocks, site.today, site.target_months)
        site.clocks[review.id] = found
    return found


def status_text(clock: Clock) -> str:
    """``✗ Missed``: the status in words with its symbol (and the days left while due)."""
    words = f"{CLOCK_SYMBOLS[clock.status]} {_STATUS_WORDS[clock.status]}"
    if clock.status == "due" and clock.days_left is not None:
        plural = "" if clock.days_left == 1 else "s"
        words += f", {clock.days_left} working day{plural} left"
    return words


def _rule_words(rule: ClockRule) -> str:
    unit = _UNITS.get(rule.unit, rule.unit)
    if rule.on_or_after:
        return f"{rule.end} at least {rule.length} {unit} after {rule.anchor}"
    return f"{rule.end} within {rule.length} {unit} of {rule.anchor}"


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "—"


@dataclass(frozen=True, slots=True)
class TimelineView:
    """A review's dated events in order, its publication state, and each clock."""

    events: Table
    publication: str | None
    clocks: Table


def _events(review: Review) -> list[tuple[str, int, str]]:
    timeline = review.timeline
    decided = _DECISIONS.get(timeline.decision or "", timeline.decision)
    events = []
    for name, day in event_dates(review).items():
        words = _EVENTS[name]
        if name == "decision_on" and decided:
            words = f"{words}: {decided}"
        events.append((day, DATE_FIELDS.index(name), words))
    publication = timeline.publication
    if publication is not None:
        if publication.reason_notified_on:
            words = "Reasons for the delay or non-publication told to the Panel"
            events.append((publication.reason_notified_on, len(DATE_FIELDS), words))
        if publication.delayed_until:
            words = "Publication delayed until this date"
            events.append((publication.delayed_until, len(DATE_FIELDS) + 1, words))
    return sorted(events)


def _publication_state(review: Review) -> str | None:
    publication = review.timeline.publication
    if publication is None or not (publication.not_published or publication.reason):
        return None
    state = "Publication is delayed"
    if publication.not_published:
        state = "The report is not to be published"
    reason = f": {publication.reason.rstrip('.')}." if publication.reason else "."
    return state + reason


def timeline_view(site: SiteModel, review: Review) -> TimelineView:
    """What the ``Timeline`` section of a review page shows."""
    events: list[list[Cell]] = [[day, words] for day, _, words in _events(review)]
    clocks: list[list[Cell]] = []
    for clock in clocks_of(site, review):
        status = status_text(clock)
        if clock.reason:
            status += f" ({clock.reason})"
        clocks.append(
            [
                clock.rule.title,
                status,
                _date(clock.due_on),
                _date(clock.done_on),
                _rule_words(clock.rule),
            ]
        )
    return TimelineView(
        Table(["Date", "Event"], events),
        _publication_state(review),
        Table(["Clock", "Status", "Due", "Done", "Rule"], clocks),
    )


def clock_filter(clocks: list[Clock]) -> str:
    """The ``data-clocks`` value of a review's row: the statuses its clocks have."""
    return " ".join(status for status in CLOCK_STATUSES if any(c.status == status for c in clocks))


def clock_cell(clocks: list[Clock]) -> str:
    """``✗ 1 missed, ✓ 2 met``: a review's clocks counted, for a table cell (plain text)."""
    counts = Counter(clock.status for clock in clocks)
    return (
        ", ".join(
            f"{CLOCK_SYMBOLS[s]} {counts[s]} {_STATUS_WORDS[s].lower()}"
            for s in CLOCK_STATUSES
            if counts[s] and s in ("missed", "due", "met")
        )
        or "—"
    )


@dataclass(frozen=True, slots=True)
class ClockList:
    """Reviews with a clock in one state, for the dashboard (the first :data:`LISTED`)."""

    heading: str
    items: list[tuple[Link, str, str]]
    count: int
    more: Link | None


@dataclass(frozen=True, slots=True)
class ClockSummary:
    """The dashboard's clocks: counts per rule, then the reviews due soon and those missed."""

    counts: Table | None
    lists: list[ClockList]


def clock_summary(site: SiteModel, uri: str) -> ClockSummary:
    """The clocks across reviews, as the dashboard shows them."""
    per_rule: dict[str, Counter[str]] = {}
    titles: dict[str, str] = {}
    due_soon: list[tuple[dt.date, str, Review, Clock]] = []
    missed: list[tuple[dt.date, str, Review, Clock]] = []
    for review in site.reviews:
        for clock in clocks_of(site, review):
            per_rule.setdefault(clock.rule.id, Counter())[clock.status] += 1
            titles.setdefault(clock.rule.id, clock.rule.title)
            due = clock.due_on or site.today
            if clock.status == "missed":
                missed.append((due, review.id, review, clock))
            elif clock.status == "due" and (clock.days_left or 0) <= DUE_SOON:
                due_soon.append((due, review.id, review, clock))
    if not per_rule:
        return ClockSummary(None, [])
    shown = ("met", "missed", "due")
    headers = ["Clock", *(f"{CLOCK_SYMBOLS[s]} {_STATUS_WORDS[s]}" for s in shown)]
    rows: list[list[Cell]] = [
        [titles[rule], *(str(per_rule[rule][s]) for s in shown)] for rule in per_rule
    ]
    lists = []
    for heading, found, newest_first in (
        (f"Clocks due within {DUE_SOON} working days", due_soon, False),
        ("Clocks missed", missed, True),
    ):
        found.sort(key=lambda item: (item[0], item[1]), reverse=newest_first)
        items = [
            (
                site.link(uri, review_uri(review.id), review.title),
                clock.rule.title,
                _date(clock.due_on),
            )
            for _, _, review, clock in found[:LISTED]
        ]
        more = (
            site.link(uri, "reviews/index.md", "the reviews list") if len(found) > LISTED else None
        )
        lists.append(ClockList(heading, items, len(found), more))
    return ClockSummary(Table(headers, rows), lists)
