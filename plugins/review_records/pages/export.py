"""The export: review metadata and the review × marker judgement matrix, as JSON or CSV.

The same data feeds ``/data/reviews.json`` in the site and ``review-records
export``; its shape is described by ``schema/export.schema.json``. Built only
from the published view of a checked collection, so drafts (unless asked for)
and ``private:`` values cannot appear. Only the clocks depend on the build date
(a clock is ``due`` until its due day passes), so two exports of the same records
on the same date, or with the same ``SOURCE_DATE_EPOCH``, are identical.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from ..model.clocks import ClockRules, review_clocks
from ..model.collection import Collection, Review

__all__ = ["ACTION_COLUMNS", "EXPORT_VERSION", "export_data", "to_actions_csv", "to_csv", "to_json"]

#: Bumped when the shape of the export changes incompatibly.
EXPORT_VERSION = 1

_CSV_META = (
    "id",
    "title",
    "status",
    "review_type",
    "partnership",
    "commissioned_on",
    "completed_on",
    "published_on",
    "themes",
    "agencies",
    "related",
    # Added later: after the first columns, so that their positions stay put.
    "incident",
    "age_band",
    "harm_types",
)


def _clocks(
    review: Review, rules: ClockRules | None, today: dt.date, target_months: int
) -> list[dict[str, str | None]]:
    return [
        {
            "rule": clock.rule.id,
            "status": clock.status,
            "due_on": clock.due_on.isoformat() if clock.due_on else None,
            "done_on": clock.done_on.isoformat() if clock.done_on else None,
        }
        for clock in review_clocks(review, rules, today, target_months)
    ]


def _review_row(
    review: Review, numbers: list[int], clocks: list[dict[str, str | None]]
) -> dict[str, Any]:
    return {
        "id": review.id,
        "title": review.title,
        "status": review.status,
        "review_type": review.review_type,
        "partnership": review.partnership,
        "commissioned_on": review.commissioned_on,
        "completed_on": review.completed_on,
        "published_on": review.published_on,
        "themes": sorted(review.themes),
        "agencies": sorted(review.agencies),
        "incident": review.incident,
        "age_band": review.age_band,
        "harm_types": sorted(review.harm_types),
        "related": sorted(review.related),
        "judgements": {
            f"qm{n:02d}": review.answers[n].judgement if n in review.answers else None
            for n in numbers
        },
        "clocks": clocks,
    }


def export_data(collection: Collection, today: dt.date, target_months: int) -> dict[str, Any]:
    """The export as plain data: markers, then reviews sorted by id.

    ``today`` (the build date) and ``target_months`` are what the clocks are worked out for.
    """
    numbers = sorted(collection.markers)
    rules = collection.clocks
    return {
        "version": EXPORT_VERSION,
        "markers": [
            {
                "code": f"qm{n:02d}",
                "number": n,
                "title": collection.markers[n].title,
                "stage": collection.markers[n].stage,
            }
            for n in numbers
        ],
        "reviews": [
            _review_row(
                collection.reviews[rid],
                numbers,
                _clocks(collection.reviews[rid], rules, today, target_months),
            )
            for rid in sorted(collection.reviews)
        ],
    }


def to_json(data: dict[str, Any]) -> str:
    """Stable, readable JSON (sorted keys, UTF-8 kept, a final newline)."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    # A spreadsheet would run a cell starting with one of these as a formula.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(data: dict[str, Any]) -> str:
    """One row per review: metadata, a column per marker (``qm01`` …), a column per clock.

    A clock column (``clock:notification`` …) holds that clock's status, empty for a
    review without it; the clock columns follow the order the reviews first use them.
    """
    codes = [marker["code"] for marker in data["markers"]]
    rules: dict[str, None] = {}
    for review in data["reviews"]:
        rules.update((clock["rule"], None) for clock in review["clocks"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*_CSV_META, *codes, *(f"clock:{rule}" for rule in rules)])
    for review in data["reviews"]:
        meta = [_cell(review[key]) for key in _CSV_META]
        statuses = {clock["rule"]: clock["status"] for clock in review["clocks"]}
        writer.writerow(
            meta
            + [_cell(review["judgements"][code]) for code in codes]
            + [_cell(statuses.get(rule)) for rule in rules]
        )
    return buffer.getvalue()


#: The action plan's columns (``review-records export --format csv --actions``).
ACTION_COLUMNS = (
    "review_id",
    "review_title",
    "marker",
    "action",
    "owner",
    "lead_agency",
    "finding",
    "due",
    "revised_due",
    "revised_reason",
    "status",
    "reason",
    "progress",
    "evidence_of_completion",
    "evidence_of_impact",
    "assured_on",
    "assured_by",
    "next_assurance_on",
)


def to_actions_csv(collection: Collection) -> str:
    """The action plan for board papers: one row per action, review by review, marker by marker.

    ``progress`` is one cell, its notes oldest first as ``YYYY-MM-DD: note`` joined
    by ``; ``. Whether an action is overdue depends on the day it is read, so it
    is not a column: the export stays the same for the same records.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACTION_COLUMNS)
    for rid in sorted(collection.reviews):
        review = collection.reviews[rid]
        for number in sorted(review.answers):
            for action in review.answers[number].actions:
                progress = "; ".join(f"{note.on}: {note.note}" for note in action.progress)
                row = {
                    "review_id": review.id,
                    "review_title": review.title,
                    "marker": f"qm{number:02d}",
                    "progress": progress or None,
                    **{
                        key: getattr(action, key) for key in ACTION_COLUMNS[3:] if key != "progress"
                    },
                }
                writer.writerow([_cell(row[key]) for key in ACTION_COLUMNS])
    return buffer.getvalue()
