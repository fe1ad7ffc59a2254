"""Turn schema-valid records into the model (dropping every ``private`` mapping)."""

from __future__ import annotations

from typing import Any

from ..records.frontmatter import Record
from .collection import (
    Action,
    Answer,
    Finding,
    ProgressNote,
    Publication,
    QuestionAnswer,
    RecordFile,
    Review,
    Timeline,
)

__all__ = ["build_answer", "build_review"]


def build_review(review_id: str, record: Record) -> Review:
    """A Review from a schema-valid ``index.md``."""
    data = record.front_matter.data if record.front_matter else {}
    return Review(
        id=review_id,
        title=data["title"],
        status=data["status"],
        review_type=data["review_type"],
        partnership=data["partnership"],
        commissioned_on=data["commissioned_on"],
        completed_on=data.get("completed_on"),
        published_on=data.get("published_on"),
        lead_reviewers=list(data.get("lead_reviewers", [])),
        methodology=data.get("methodology"),
        themes=list(data.get("themes", [])),
        agencies=list(data.get("agencies", [])),
        related=list(data.get("related", [])),
        findings=[
            Finding(item["title"], item.get("detail", ""), list(item.get("themes", [])))
            for item in data.get("findings", [])
        ],
        file=RecordFile.of(record),
        timeline=_timeline(data),
        incident=data.get("incident"),
        age_band=data.get("age_band"),
        harm_types=list(data.get("harm_types", [])),
    )


def _timeline(data: dict[str, Any]) -> Timeline:
    publication = data.get("publication")
    return Timeline(
        aware_on=data.get("aware_on"),
        notified_on=data.get("notified_on"),
        rapid_review_sent_on=data.get("rapid_review_sent_on"),
        decision_on=data.get("decision_on"),
        decision=data.get("decision"),
        sent_to_panel_on=data.get("sent_to_panel_on"),
        publication=None
        if publication is None
        else Publication(
            delayed_until=publication.get("delayed_until"),
            reason=publication.get("reason"),
            not_published=bool(publication.get("not_published", False)),
            reason_notified_on=publication.get("reason_notified_on"),
        ),
    )


def _action(item: dict[str, Any]) -> Action:
    return Action(
        item["action"],
        item["owner"],
        item["due"],
        item["status"],
        reason=item.get("reason"),
        finding=item.get("finding"),
        lead_agency=item.get("lead_agency"),
        revised_due=item.get("revised_due"),
        revised_reason=item.get("revised_reason"),
        progress=[ProgressNote(note["on"], note["note"]) for note in item.get("progress", [])],
        evidence_of_completion=item.get("evidence_of_completion"),
        evidence_of_impact=item.get("evidence_of_impact"),
        assured_on=item.get("assured_on"),
        assured_by=item.get("assured_by"),
        next_assurance_on=item.get("next_assurance_on"),
    )


def _question(value: Any) -> QuestionAnswer:
    if isinstance(value, dict):
        return QuestionAnswer(value["answer"], value.get("note"))
    return QuestionAnswer(value)


def build_answer(review_id: str, number: int, record: Record) -> Answer:
    """An Answer from a schema-valid ``qmNN.md``."""
    data = record.front_matter.data if record.front_matter else {}
    return Answer(
        review_id=review_id,
        number=number,
        judgement=data["judgement"],
        questions={qid: _question(value) for qid, value in data.get("questions", {}).items()},
        evidence=list(data.get("evidence", [])),
        actions=[_action(item) for item in data.get("actions", [])],
        assessed_on=data.get("assessed_on"),
        file=RecordFile.of(record),
    )
