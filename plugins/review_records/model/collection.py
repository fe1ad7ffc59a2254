"""The record model: what a checked repository holds, with nothing private in it.

``private:`` mappings are dropped when records are read into this model, so no
later stage (pages, search, export) can publish them by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records.frontmatter import Record

__all__ = [
    "ANSWER_WORDS",
    "JUDGEMENTS",
    "MARKER_NUMBERS",
    "STAGES",
    "Action",
    "Answer",
    "Collection",
    "Finding",
    "Marker",
    "ProgressNote",
    "QuestionAnswer",
    "Review",
    "Vocabulary",
]

#: Stage slug → title, in the order of a review.
STAGES = {"setup": "Review setup", "running": "Running the review", "outputs": "Review outputs"}

#: Judgement → label, from best to unassessed.
JUDGEMENTS = {
    "met": "Met",
    "partly-met": "Partly met",
    "not-met": "Not met",
    "not-applicable": "Not applicable",
    "not-assessed": "Not assessed",
}

#: Answer word → label.
ANSWER_WORDS = {
    "yes": "Yes",
    "partly": "Partly",
    "no": "No",
    "unknown": "Unknown",
    "not-applicable": "Not applicable",
}

#: The quality markers are numbered 1 to 18.
MARKER_NUMBERS = range(1, 19)

#: Review statuses that count as finished: all 18 markers, none unassessed.
FINISHED = ("completed", "published")


@dataclass(slots=True)
class Vocabulary:
    """Controlled vocabularies: slug → title."""

    themes: dict[str, str] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)
    harm_types: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Marker:
    """One quality marker of the catalogue."""

    number: int
    slug: str
    title: str
    stage: str
    questions: dict[str, str]
    source: str
    url: str | None
    questions_complete: bool
    project_questions: list[str]
    record: Record

    @property
    def code(self) -> str:
        """``qm05``: the marker's id in links and file names."""
        return f"qm{self.number:02d}"


@dataclass(slots=True)
class QuestionAnswer:
    """The answer to one marker question, with an optional Markdown note."""

    answer: str
    note: str | None = None


@dataclass(slots=True)
class ProgressNote:
    """A dated note in an action's progress log."""

    on: str
    note: str


@dataclass(slots=True)
class Action:
    """An action arising from a marker answer, with what a board needs to assure it."""

    action: str
    owner: str
    due: str
    status: str
    reason: str | None = None
    finding: str | None = None
    lead_agency: str | None = None
    revised_due: str | None = None
    revised_reason: str | None = None
    progress: list[ProgressNote] = field(default_factory=list)
    evidence_of_completion: str | None = None
    evidence_of_impact: str | None = None
    assured_on: str | None = None
    assured_by: str | None = None
    next_assurance_on: str | None = None


@dataclass(slots=True)
class Answer:
    """How one review meets one marker."""

    review_id: str
    number: int
    judgement: str
    questions: dict[str, QuestionAnswer]
    evidence: list[str]
    actions: list[Action]
    assessed_on: str | None
    record: Record

    @property
    def code(self) -> str:
        """``qm05``: the marker this answers."""
        return f"qm{self.number:02d}"


@dataclass(slots=True)
class Finding:
    """A key finding of a review."""

    title: str
    detail: str
    themes: list[str]


@dataclass(slots=True)
class Review:
    """One case review: its metadata, summary and marker answers."""

    id: str
    title: str
    status: str
    review_type: str
    partnership: str
    commissioned_on: str
    completed_on: str | None
    published_on: str | None
    lead_reviewers: list[str]
    methodology: str | None
    themes: list[str]
    agencies: list[str]
    related: list[str]
    findings: list[Finding]
    record: Record
    answers: dict[int, Answer] = field(default_factory=dict)
    #: National classification (DfE nature of incident and age group; harm types).
    incident: str | None = None
    age_band: str | None = None
    harm_types: list[str] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        """Drafts are never published unless a build asks for them."""
        return self.status == "draft"

    @property
    def is_finished(self) -> bool:
        """Completed and published reviews must answer every marker."""
        return self.status in FINISHED


@dataclass(slots=True)
class Collection:
    """Everything a records repository holds that passed the checks."""

    markers: dict[int, Marker] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    reviews: dict[str, Review] = field(default_factory=dict)

    def published_view(self, include_drafts: bool) -> Collection:
        """The collection a site may show: drafts removed unless asked for."""
        if include_drafts:
            return self
        kept = {rid: review for rid, review in self.reviews.items() if not review.is_draft}
        return Collection(self.markers, self.vocabulary, kept)
