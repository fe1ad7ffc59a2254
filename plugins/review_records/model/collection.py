"""The record model: what a checked repository holds, with nothing private in it.

``private:`` mappings are dropped when records are read into this model, so no
later stage (pages, search, export) can publish them by mistake. That holds by
type: a model object keeps its file as a :class:`RecordFile` (path, Markdown body and a
digest), never the :class:`~..records.frontmatter.Record` with its front matter.
The check layer, which needs positions, keeps the records beside the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records.frontmatter import Record
from .clocks import ClockRules

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
    "Publication",
    "QuestionAnswer",
    "RecordFile",
    "Review",
    "Timeline",
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


@dataclass(frozen=True, slots=True)
class RecordFile:
    """The file a model object was read from: what pages may show of it, and no more.

    Attributes:
        path: POSIX path relative to the folder of ``mkdocs.yml``.
        body: the Markdown after the front matter (published, through the safe renderer).
        body_line: the file line on which ``body`` starts.
        digest: changes whenever the file's text changes; serve-time reuse compares it.
    """

    path: str
    body: str
    body_line: int
    digest: str

    @classmethod
    def of(cls, record: Record) -> RecordFile:
        """The public part of ``record``: everything but its front matter."""
        return cls(record.path, record.body, record.body_line, record.digest)


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
    file: RecordFile

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
    file: RecordFile

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


@dataclass(frozen=True, slots=True)
class Publication:
    """A delayed or withheld publication (``publication:`` in ``index.md``)."""

    delayed_until: str | None = None
    reason: str | None = None
    not_published: bool = False
    reason_notified_on: str | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    """The dated events of a review besides commission, completion and publication.

    Every one is optional: records written before these fields existed have none.
    """

    aware_on: str | None = None
    notified_on: str | None = None
    rapid_review_sent_on: str | None = None
    decision_on: str | None = None
    decision: str | None = None
    sent_to_panel_on: str | None = None
    publication: Publication | None = None


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
    file: RecordFile
    answers: dict[int, Answer] = field(default_factory=dict)
    timeline: Timeline = field(default_factory=Timeline)
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
    #: The clocks of ``schema/clocks.yml``; None when the file is absent (legacy rule only).
    clocks: ClockRules | None = None

    def published_view(self, include_drafts: bool) -> Collection:
        """The collection a site may show: drafts removed unless asked for."""
        if include_drafts:
            return self
        kept = {rid: review for rid, review in self.reviews.items() if not review.is_draft}
        return Collection(self.markers, self.vocabulary, kept, self.clocks)
