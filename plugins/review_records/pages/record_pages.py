"""The record pages of a review (its page and its answers): what each template is given.

Each page function builds the view of its page, plain words, :class:`.html.Link`
values and the safe renderer's HTML, then renders the page kind's template.
Nothing here writes markup by hand; the templates (``templates/``) do.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..model.collection import ANSWER_WORDS, STAGES, Answer, Marker, Review
from .assurance import action_details, action_table, due_text
from .assurance import status_label as action_status_label
from .classification import classification_facts
from .html import Cell, Link, Markup, Table, joined
from .labels import judgement_text, review_type_label, status_label
from .sitemodel import SiteModel, answer_uri, marker_uri, review_uri
from .timeline import TimelineView, timeline_view
from .views import SiteView

__all__ = [
    "AnswerView",
    "ReviewView",
    "answer_page",
    "judgement_rows",
    "judgement_text",
    "review_page",
    "review_type_label",
    "status_label",
]


def _slug_links(site: SiteModel, uri: str, folder: str, slugs: list[str]) -> list[Link]:
    titles = getattr(site.collection.vocabulary, folder)
    return [site.link(uri, f"{folder}/{s}.md", titles.get(s, s)) for s in slugs]


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding of a review: its title, its text and the themes it is tagged with."""

    title: str
    detail: Markup
    themes: list[Link]


@dataclass(frozen=True, slots=True)
class StageView:
    """A stage of the scorecard: its title and each marker's judgement."""

    title: str
    table: Table


@dataclass(frozen=True, slots=True)
class ReviewView:
    """What ``review.html`` shows of one review (given to the template as ``review``)."""

    id: str
    title: str
    status: str
    type: str
    partnership: str
    facts: Table
    timeline: TimelineView
    body: Markup
    findings: list[FindingView]
    scorecard: list[StageView]
    actions: Table
    related: list[Link]
    backlinks: list[Link]


def _facts(site: SiteModel, review: Review, uri: str) -> Table:
    rows: list[list[Cell]] = [
        ["Status", status_label(review.status)],
        ["Type", review_type_label(review.review_type)],
        ["Partnership", review.partnership],
        ["Commissioned", review.commissioned_on],
        ["Completed", review.completed_on or "—"],
        ["Published", review.published_on or "—"],
        ["Lead reviewers", ", ".join(review.lead_reviewers) or "—"],
        ["Methodology", review.methodology or "—"],
        ["Themes", joined(_slug_links(site, uri, "themes", review.themes))],
        ["Agencies", joined(_slug_links(site, uri, "agencies", review.agencies))],
    ]
    rows += [[name, value] for name, value in classification_facts(site, review)]
    return Table(["About this review", "Details"], rows, row_headers=True)


def _scorecard(site: SiteModel, review: Review, uri: str) -> list[StageView]:
    stages = []
    for stage, stage_title in STAGES.items():
        rows: list[list[Cell]] = []
        for marker in site.markers:
            if marker.stage != stage:
                continue
            name = site.marker_name(marker.number)
            cell: Cell = name
            if marker.number in review.answers:
                cell = site.link(uri, answer_uri(review.id, marker.number), name)
            rows.append([cell, judgement_text(site.judgement_of(review, marker.number))])
        stages.append(StageView(stage_title, Table(["Marker", "Judgement"], rows)))
    return stages


def _actions(site: SiteModel, review: Review, uri: str) -> Table:
    rows: list[list[Cell]] = [
        [
            action.action,
            action.owner,
            due_text(action),
            action_status_label(action.status),
            site.link(uri, answer_uri(review.id, answer.number), site.marker_name(answer.number)),
        ]
        for answer in sorted(review.answers.values(), key=lambda a: a.number)
        for action in answer.actions
    ]
    return Table(["Action", "Owner", "Due", "Status", "Marker"], rows, "No actions recorded.")


def review_view(site: SiteModel, review: Review) -> ReviewView:
    """The view of ``reviews/<id>/index.md``."""
    uri = review_uri(review.id)
    reviews = site.collection.reviews
    findings = [
        FindingView(
            finding.title,
            site.text_html(finding.detail, uri, review.file.path),
            _slug_links(site, uri, "themes", finding.themes),
        )
        for finding in review.findings
    ]
    return ReviewView(
        id=review.id,
        title=review.title,
        status=status_label(review.status),
        type=review_type_label(review.review_type),
        partnership=review.partnership,
        facts=_facts(site, review, uri),
        timeline=timeline_view(site, review),
        body=site.text_html(review.file.body, uri, review.file.path),
        findings=findings,
        scorecard=_scorecard(site, review, uri),
        actions=_actions(site, review, uri),
        related=[
            site.link(uri, review_uri(r), reviews[r].title) for r in site.related.get(review.id, [])
        ],
        backlinks=[
            site.link(uri, source, title) for source, title in site.backlinks.get(review.id, [])
        ],
    )


def review_page(site: SiteModel, review: Review) -> str:
    """``reviews/<id>/index.md``: metadata, summary, findings, scorecard, actions, links."""
    uri = review_uri(review.id)
    view = review_view(site, review)
    return site.templates.render("review.html", review=view, site=SiteView(site, uri))


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A marker's question on an answer page, with the review's answer and note, if any."""

    id: str
    text: str
    answer: str | None
    note: Markup | None


@dataclass(frozen=True, slots=True)
class ActionView:
    """An action of an answer, with its assurance record as (name, value) pairs."""

    action: str
    details: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class AnswerView:
    """What ``answer.html`` shows (given to the template as ``answer``)."""

    number: int
    title: str
    judgement: str
    judgement_slug: str
    review: Link
    marker: Link
    previous: Link | None
    next: Link | None
    assessed_on: str | None
    questions: list[QuestionView]
    evidence: list[str]
    actions: Table
    action_details: list[ActionView]
    body: Markup
    others_heading: str
    others: Table
    others_more: Link | None
    others_shown: int
    others_count: int


def answer_view(site: SiteModel, review: Review, answer: Answer) -> AnswerView:
    """The view of ``reviews/<id>/qmNN.md``."""
    uri = answer_uri(review.id, answer.number)
    number = answer.number
    numbers = sorted(review.answers)
    position = numbers.index(number)

    def neighbour(index: int) -> Link | None:
        if not 0 <= index < len(numbers):
            return None
        other = numbers[index]
        return site.link(uri, answer_uri(review.id, other), site.marker_name(other))

    shown, others = _same_marker_elsewhere(site, review, number)
    rows = judgement_rows(site, uri, shown)
    more = None
    if others > len(shown):
        more = site.link(
            uri, marker_uri(number), f"all {others + 1} reviews", "judgements-across-reviews"
        )
    return AnswerView(
        number=number,
        title=f"{review.title}: marker {site.marker_name(number)}",
        judgement=judgement_text(answer.judgement),
        judgement_slug=answer.judgement,
        review=site.link(uri, review_uri(review.id), review.title),
        marker=site.link(uri, marker_uri(number), site.marker_name(number)),
        previous=neighbour(position - 1),
        next=neighbour(position + 1),
        assessed_on=answer.assessed_on,
        questions=_questions(site, site.collection.markers.get(number), answer, uri),
        evidence=list(answer.evidence),
        actions=action_table(answer.actions),
        action_details=[
            ActionView(a.action, details) for a in answer.actions if (details := action_details(a))
        ],
        body=site.text_html(answer.file.body, uri, answer.file.path),
        others_heading=f"Marker {number:02d} in other reviews",
        others=Table(
            ["Review", "Judgement"], rows, "No other review has answered this marker yet."
        ),
        others_more=more,
        others_shown=len(shown),
        others_count=others,
    )


def answer_page(site: SiteModel, review: Review, answer: Answer) -> str:
    """``reviews/<id>/qmNN.md``: judgement, questions, evidence, actions, notes, links."""
    uri = answer_uri(review.id, answer.number)
    return site.templates.render(
        "answer.html",
        answer=answer_view(site, review, answer),
        site=SiteView(site, uri),
    )


def _questions(
    site: SiteModel, marker: Marker | None, answer: Answer, uri: str
) -> list[QuestionView]:
    if marker is None:
        return []
    found = []
    for qid, question in marker.questions.items():
        reply = answer.questions.get(qid)
        note = None
        if reply is not None and reply.note:
            note = site.text_html(reply.note, uri, answer.file.path)
        words = ANSWER_WORDS.get(reply.answer, reply.answer) if reply is not None else None
        found.append(QuestionView(qid, question, words, note))
    return found


#: Other reviews' answers listed on an answer page; the marker page lists them all.
OTHERS_SHOWN = 10


def _same_marker_elsewhere(
    site: SiteModel, review: Review, number: int
) -> tuple[list[Answer], int]:
    """Related reviews' answers first, then the most recent others, up to a fixed number.

    Listing every review on every answer page would make the site grow with the
    square of the number of reviews (18 x R pages x R rows); past a handful, the
    marker page, which lists each review once, has the whole list. Returns the
    answers shown and how many other reviews answered the marker.
    """
    answers = site.answers_for(number)
    order = site.answer_order(number)
    others = len(answers) - (review.id in order)
    if not others:
        return [], 0
    # Related reviews first, then the rest, each in review order: a page looks at a
    # few related ids and the head of the list, never at every review.
    places = sorted({order[r] for r in site.related.get(review.id, ()) if r in order})
    first = [answers[i] for i in places if answers[i].review_id != review.id][:OTHERS_SHOWN]
    chosen = {a.review_id for a in first} | {review.id}
    rest = (a for a in answers if a.review_id not in chosen)
    return first + list(itertools.islice(rest, OTHERS_SHOWN - len(first))), others


def judgement_rows(site: SiteModel, uri: str, answers: list[Answer]) -> list[list[Cell]]:
    """(review, judgement) rows: each answer's review, linked to the answer."""
    reviews = site.collection.reviews
    return [
        [
            site.link(uri, answer_uri(a.review_id, a.number), reviews[a.review_id].title),
            judgement_text(a.judgement),
        ]
        for a in answers
    ]
