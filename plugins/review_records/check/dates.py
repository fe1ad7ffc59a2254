"""The dates of one review: in the order events happen, and a decision with its date."""

from __future__ import annotations

from ..model.clocks import event_dates
from ..model.collection import Review
from ..problems import ProblemSink
from ..records.frontmatter import FrontMatter

__all__ = ["check_dates"]

#: (later, earlier): pairs of dated events that must not be out of order. Each is
#: reported at the later date, whose line is the one to fix or to explain.
_DATE_ORDER = (
    ("notified_on", "aware_on"),
    ("rapid_review_sent_on", "notified_on"),
    ("decision_on", "notified_on"),
    ("commissioned_on", "aware_on"),
    ("completed_on", "commissioned_on"),
    ("sent_to_panel_on", "completed_on"),
    ("published_on", "completed_on"),
    ("published_on", "sent_to_panel_on"),
    ("published_on", "decision_on"),
)

#: Plain words for each date, as the messages say them.
_DATE_WORDS = {
    "aware_on": "the local authority became aware",
    "notified_on": "the serious incident notification",
    "rapid_review_sent_on": "the rapid review was sent",
    "decision_on": "the decision",
    "commissioned_on": "the review was commissioned",
    "completed_on": "the review was completed",
    "sent_to_panel_on": "the report went to the Panel",
    "published_on": "publication",
}


def check_dates(review: Review, fm: FrontMatter, sink: ProblemSink) -> None:
    """Dates out of order, at the later date; a decision without its date, at the decision."""
    dates = event_dates(review)
    for later_key, earlier_key in _DATE_ORDER:
        later, earlier = dates.get(later_key), dates.get(earlier_key)
        if later and earlier and later < earlier:
            where = fm.value_at((later_key,))
            sink.error(
                where.line,
                where.column,
                "date-order",
                f"{later_key} ({later}) is before {earlier_key} ({earlier}): "
                f"{_DATE_WORDS[later_key]} cannot come before {_DATE_WORDS[earlier_key]}",
            )
    timeline = review.timeline
    if timeline.decision is not None and timeline.decision_on is None:
        where = fm.key_at(("decision",))
        sink.error(
            where.line,
            where.column,
            "decision-date",
            f"the decision {timeline.decision!r} has no date: add decision_on, "
            "the day it was taken (the publication clock starts there)",
        )
