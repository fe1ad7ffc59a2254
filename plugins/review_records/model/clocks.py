"""The statutory clocks of a review: pure date arithmetic, no I/O.

A clock runs from an *anchor* date (``aware_on``) to an *end* date (``notified_on``)
and has a length in working days or calendar months. The rules themselves are
data (``schema/clocks.yml``, read by the checker); this module only computes.

The readings are fixed by issue #14 and DESIGN.md ("Clocks"):

- "N working days from A" is the Nth working day after A; A itself is not
  counted. Working days exclude Saturdays, Sundays and the bank holidays of
  England (from the ``holidays`` library, not a hand-written list).
- "N calendar months from A" is the same day of the month N months later, or
  the last day of that month when it is shorter (31 August + 6 months is
  28 or 29 February).
- A clock is met when its end date is on or before the due day; a rule marked
  ``on-or-after`` (``panel-notice``) is met when the end date is on or after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .collection import Review

__all__ = [
    "CLOCK_STATUSES",
    "DATE_FIELDS",
    "DECISIONS",
    "LEGACY_RULE",
    "UNITS",
    "Clock",
    "ClockRule",
    "ClockRules",
    "WorkingDays",
    "add_months",
    "england",
    "event_dates",
    "legacy_rule",
    "review_clocks",
]

#: The dated events of a review, in the order they happen; anchors and ends are among them.
DATE_FIELDS = (
    "aware_on",
    "notified_on",
    "rapid_review_sent_on",
    "decision_on",
    "commissioned_on",
    "completed_on",
    "sent_to_panel_on",
    "published_on",
)

#: The decisions on a practice review (``decision:`` in ``index.md``).
DECISIONS = ("lcspr", "no-further-review", "other-learning-review", "national-review")

#: How a clock's length is counted.
UNITS = ("working-days", "calendar-months")

#: A clock's status words (fixed by DESIGN.md), in the order a reader meets them.
CLOCK_STATUSES = ("missed", "due", "met", "unknown", "not-applicable")

#: The id of the commission-to-completion rule kept from before the clocks file.
LEGACY_RULE = "target"


@dataclass(frozen=True, slots=True)
class ClockRule:
    """One clock: from ``anchor`` to ``end``, ``length`` ``unit`` long.

    ``on_or_after`` turns the rule round: the end date must come on or after the
    due day rather than by it (the report is sent at least N days before
    publication). ``decisions`` lists the decisions that call for the clock; when
    the review records another decision the clock does not apply.
    """

    id: str
    title: str
    anchor: str
    end: str
    length: int
    unit: str
    source: str
    on_or_after: bool = False
    decisions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClockRules:
    """The rules of ``schema/clocks.yml``: every rule, and which review types have which."""

    rules: tuple[ClockRule, ...] = ()
    #: Review type → ids of the rules that apply to it, in the file's order.
    by_type: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def for_type(self, review_type: str) -> list[ClockRule]:
        """The rules that apply to a review type (none for a type the file leaves out)."""
        wanted = self.by_type.get(review_type, ())
        return [rule for rule in self.rules if rule.id in wanted]


@dataclass(frozen=True, slots=True)
class Clock:
    """One clock of one review, worked out for a build date.

    ``days_left`` (working days after the build date up to the due day) is set
    only while the clock is ``due``; ``reason`` when it is ``not-applicable``, or
    when a delayed publication moved its due date.
    """

    rule: ClockRule
    status: str
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    days_left: int | None = None
    reason: str | None = None


class WorkingDays:
    """Working-day arithmetic over a set of holidays (weekends are never working days)."""

    def __init__(self, holidays: Container[dt.date]) -> None:
        """``holidays``: the dates, besides weekends, that are not working days."""
        self._holidays = holidays

    def is_working(self, day: dt.date) -> bool:
        """Monday to Friday and not a holiday."""
        return day.weekday() < 5 and day not in self._holidays

    def add(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working(day):
                counted += 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end`` ≤ ``start``)."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working(day):
                count += 1
        return count


@functools.cache
def england() -> WorkingDays:
    """Working days in England: weekends and England's bank holidays excluded.

    The calendar is the ``holidays`` library's (substitute days included), which
    works out any year on demand; it is imported here, on first use, so that a
    run that shows no clock never pays for it.
    """
    import holidays

    return WorkingDays(holidays.country_holidays("GB", subdiv="ENG"))


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month if it is shorter."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


def event_dates(review: Review) -> dict[str, str]:
    """Date field → ``YYYY-MM-DD`` for every dated event the review records, in order."""
    timeline = review.timeline
    values = {
        "aware_on": timeline.aware_on,
        "notified_on": timeline.notified_on,
        "rapid_review_sent_on": timeline.rapid_review_sent_on,
        "decision_on": timeline.decision_on,
        "commissioned_on": review.commissioned_on,
        "completed_on": review.completed_on,
        "sent_to_panel_on": timeline.sent_to_panel_on,
        "published_on": review.published_on,
    }
    return {name: values[name] or "" for name in DATE_FIELDS if values[name]}


def legacy_rule(target_months: int) -> ClockRule:
    """The commission-to-completion rule of the ``target_months`` option."""
    return ClockRule(
        id=LEGACY_RULE,
        title="Commission to completion",
        anchor="commissioned_on",
        end="completed_on",
        length=target_months,
        unit="calendar-months",
        source="The site's own target (the target_months option), the only clock before 2019.",
    )


def review_clocks(
    review: Review,
    rules: ClockRules | None,
    today: dt.date,
    target_months: int,
    days: WorkingDays | None = None,
) -> list[Clock]:
    """Every clock of ``review`` on the build date ``today``.

    The legacy commission-to-completion clock is added where no other clock has
    a status to show (met, missed or due): for review types the rules leave out,
    such as SCRs, and for records written before the dated events existed.
    """
    days = days or england()
    dates = event_dates(review)
    clocks = [
        clock_for(rule, review, dates, today, days)
        for rule in (rules.for_type(review.review_type) if rules else [])
    ]
    if not any(clock.status in ("met", "missed", "due") for clock in clocks):
        clocks.append(clock_for(legacy_rule(target_months), review, dates, today, days))
    return clocks


def clock_for(
    rule: ClockRule, review: Review, dates: Mapping[str, str], today: dt.date, days: WorkingDays
) -> Clock:
    """One rule's clock for one review (``dates`` from :func:`event_dates`)."""
    decision = review.timeline.decision
    if rule.decisions and decision is not None and decision not in rule.decisions:
        return Clock(rule, "not-applicable", reason=f"the decision was {decision}")
    publication = review.timeline.publication
    if rule.end == "published_on" and publication is not None and publication.not_published:
        withheld = publication.reason or "the report is not to be published"
        return Clock(rule, "not-applicable", reason=withheld)
    anchor = dates.get(rule.anchor)
    if not anchor:
        return Clock(rule, "unknown")
    start = dt.date.fromisoformat(anchor)
    if rule.unit == "calendar-months":
        due = add_months(start, rule.length)
    else:
        due = days.add(start, rule.length)
    due, reason = _delayed(rule, review, due)
    end = dates.get(rule.end)
    if end:
        done = dt.date.fromisoformat(end)
        met = done >= due if rule.on_or_after else done <= due
        return Clock(rule, "met" if met else "missed", due, done, reason=reason)
    if rule.on_or_after or today <= due:
        # An "at least N days before" clock cannot be missed by waiting.
        return Clock(rule, "due", due, days_left=days.between(today, due), reason=reason)
    return Clock(rule, "missed", due, reason=reason)


def _delayed(rule: ClockRule, review: Review, due: dt.date) -> tuple[dt.date, str | None]:
    """A publication deadline moved to ``publication.delayed_until``, and why.

    Working Together lets partners delay publication (for a trial or an inquest)
    once they have told the Panel and the Secretary of State why: the clock then
    runs to the agreed date, not the statutory one. A clock that must end at least
    N days after its anchor is not a deadline, and a delay never brings one forward.
    """
    publication = review.timeline.publication
    if rule.end != "published_on" or rule.on_or_after or publication is None:
        return due, None
    if not publication.delayed_until:
        return due, None
    until = dt.date.fromisoformat(publication.delayed_until)
    if until <= due:
        return due, None
    why = f": {publication.reason.rstrip('.')}" if publication.reason else ""
    return until, f"publication delayed until {publication.delayed_until}{why}"
