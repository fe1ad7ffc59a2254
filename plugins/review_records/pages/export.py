"""The export: review metadata and the review × marker judgement matrix, as JSON or CSV.

The same data feeds ``/data/reviews.json`` in the site and ``review-records
export``; its shape is described by ``schema/export.schema.json``. Built only
from the published view of a checked collection, so drafts (unless asked for)
and ``private:`` values cannot appear. Nothing in it depends on the build date,
so two exports of the same records are identical.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

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


def _review_row(review: Review, numbers: list[int]) -> dict[str, Any]:
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
    }


def export_data(collection: Collection) -> dict[str, Any]:
    """The export as plain data: markers, then reviews sorted by id."""
    numbers = sorted(collection.markers)
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
            _review_row(collection.reviews[rid], numbers) for rid in sorted(collection.reviews)
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
    """One row per review: metadata, then a column per marker (``qm01`` …)."""
    codes = [marker["code"] for marker in data["markers"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*_CSV_META, *codes])
    for review in data["reviews"]:
        meta = [_cell(review[key]) for key in _CSV_META]
        writer.writerow(meta + [_cell(review["judgements"][code]) for code in codes])
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
