"""Pure page generators for records: review, answer and marker pages as Markdown.

Every front-matter value goes through :func:`esc`; bodies and notes are the
records' own Markdown with wiki-links resolved, rendered to safe HTML by
:func:`record_block`.
"""

from __future__ import annotations

import itertools

from ..model.collection import ANSWER_WORDS, STAGES, Answer, Marker, Review
from .assurance import action_details, classification_facts, due_text
from .assurance import status_label as action_status_label
from .charts import JUDGEMENT_SYMBOLS, distribution_bar
from .markup import esc, link, table
from .sitemodel import SiteModel, answer_uri, judgement_label, marker_uri, review_uri
from .timeline import timeline_section

__all__ = ["answer_page", "marker_page", "review_page"]

_TYPES = {
    "scr": "Serious case review",
    "lcspr": "Local child safeguarding practice review",
    "rapid-review": "Rapid review",
    "other": "Other review",
}
_STATUSES = {
    "draft": "Draft",
    "in-progress": "In progress",
    "completed": "Completed",
    "published": "Published",
}


def review_type_label(slug: str) -> str:
    """``Local child safeguarding practice review`` for ``lcspr``."""
    return _TYPES.get(slug, slug)


def status_label(slug: str) -> str:
    """``In progress`` for ``in-progress``."""
    return _STATUSES.get(slug, slug)


def judgement_text(slug: str) -> str:
    """``✓ Met``: the words with the heat map's symbol, so colour is never needed."""
    return f"{JUDGEMENT_SYMBOLS.get(slug, '')} {esc(judgement_label(slug))}".strip()


def _slug_links(uri: str, folder: str, slugs: list[str], titles: dict[str, str]) -> str:
    return ", ".join(link(uri, f"{folder}/{s}.md", esc(titles.get(s, s))) for s in slugs) or "—"


def _facts(rows: list[tuple[str, str]]) -> str:
    return table(["About this review", "Details"], [(f"**{name}**", value) for name, value in rows])


def review_page(site: SiteModel, review: Review) -> str:
    """``reviews/<id>/index.md``: metadata, summary, findings, scorecard, actions, links."""
    uri = review_uri(review.id)
    vocab = site.collection.vocabulary
    parts = [f"# {esc(review.title)}\n"]
    facts = [
        ("Status", esc(status_label(review.status))),
        ("Type", esc(review_type_label(review.review_type))),
        ("Partnership", esc(review.partnership)),
        ("Commissioned", esc(review.commissioned_on)),
        ("Completed", esc(review.completed_on or "—")),
        ("Published", esc(review.published_on or "—")),
        ("Lead reviewers", esc(", ".join(review.lead_reviewers) or "—")),
        ("Methodology", esc(review.methodology or "—")),
        ("Themes", _slug_links(uri, "themes", review.themes, vocab.themes)),
        ("Agencies", _slug_links(uri, "agencies", review.agencies, vocab.agencies)),
        *classification_facts(site, review),
    ]
    parts.append(_facts(facts))
    parts.append(timeline_section(site, review))
    parts.append(site.text_block(review.file.body, uri, review.file.path))
    if review.findings:
        parts.append("## Findings\n")
        for finding in review.findings:
            parts.append(f"### {esc(finding.title)}\n")
            parts.append(site.text_block(finding.detail, uri, review.file.path))
            if finding.themes:
                themes = _slug_links(uri, "themes", finding.themes, vocab.themes)
                parts.append(f"Themes: {themes}\n")
    parts.append(_scorecard(site, review, uri))
    parts.append(_actions(site, review, uri))
    parts.append(_connections(site, review, uri))
    return "\n".join(parts)


def _scorecard(site: SiteModel, review: Review, uri: str) -> str:
    parts = ["## Scorecard\n"]
    for stage, stage_title in STAGES.items():
        rows = []
        for marker in site.markers:
            if marker.stage != stage:
                continue
            slug = site.judgement_of(review, marker.number)
            label = site.marker_label(marker.number)
            cell = (
                link(uri, answer_uri(review.id, marker.number), label)
                if marker.number in review.answers
                else label
            )
            rows.append((cell, judgement_text(slug)))
        parts.append(f"### {stage_title}\n")
        parts.append(table(["Marker", "Judgement"], rows))
    return "\n".join(parts)


def _actions(site: SiteModel, review: Review, uri: str) -> str:
    rows = [
        (
            esc(action.action),
            esc(action.owner),
            due_text(action),
            esc(action_status_label(action.status)),
            link(uri, answer_uri(review.id, answer.number), site.marker_label(answer.number)),
        )
        for answer in sorted(review.answers.values(), key=lambda a: a.number)
        for action in answer.actions
    ]
    if not rows:
        return "## Actions\n\nNo actions recorded.\n"
    return "## Actions\n\n" + table(["Action", "Owner", "Due", "Status", "Marker"], rows)


def _connections(site: SiteModel, review: Review, uri: str) -> str:
    parts = ["## Related reviews\n"]
    related = site.related.get(review.id, [])
    reviews = site.collection.reviews
    parts += [f"- {link(uri, review_uri(r), esc(reviews[r].title))}" for r in related]
    if not related:
        parts.append("None recorded.")
    parts.append("\n## Referenced by\n")
    backlinks = site.backlinks.get(review.id, [])
    parts += [f"- {link(uri, source, esc(title))}" for source, title in backlinks]
    if not backlinks:
        parts.append("No other record links here.")
    return "\n".join(parts) + "\n"


def answer_page(site: SiteModel, review: Review, answer: Answer) -> str:
    """``reviews/<id>/qmNN.md``: judgement, questions, evidence, actions, notes, links."""
    uri = answer_uri(review.id, answer.number)
    marker = site.collection.markers.get(answer.number)
    parts = [f"# {esc(review.title)}: marker {site.marker_label(answer.number)}\n"]
    parts.append(f"**Judgement: {judgement_text(answer.judgement)}**\n")
    nav = [f"Review: {link(uri, review_uri(review.id), esc(review.title))}"]
    nav.append(f"Marker: {link(uri, marker_uri(answer.number), site.marker_label(answer.number))}")
    numbers = sorted(review.answers)
    position = numbers.index(answer.number)
    if position > 0:
        previous = numbers[position - 1]
        label = site.marker_label(previous)
        nav.append(f"Previous: {link(uri, answer_uri(review.id, previous), label)}")
    if position + 1 < len(numbers):
        following = numbers[position + 1]
        label = site.marker_label(following)
        nav.append(f"Next: {link(uri, answer_uri(review.id, following), label)}")
    parts.append(" · ".join(nav) + "\n")
    if answer.assessed_on:
        parts.append(f"Assessed on {esc(answer.assessed_on)}.\n")
    parts.append(_questions(site, marker, answer, uri))
    if answer.evidence:
        parts.append("## Evidence\n")
        parts += [f"- {esc(item)}" for item in answer.evidence]
        parts.append("")
    if answer.actions:
        rows = [
            (esc(a.action), esc(a.owner), due_text(a), esc(action_status_label(a.status)))
            for a in answer.actions
        ]
        parts.append("## Actions\n\n" + table(["Action", "Owner", "Due", "Status"], rows))
        for action in answer.actions:
            details = action_details(action)
            if details:
                parts.append(f"**{esc(action.action)}**\n\n" + "\n".join(details) + "\n")
    body = site.text_block(answer.file.body, uri, answer.file.path)
    if body:
        parts.append(body)
    parts.append(_same_marker_elsewhere(site, review, answer.number, uri))
    return "\n".join(parts)


def _questions(site: SiteModel, marker: Marker | None, answer: Answer, uri: str) -> str:
    if marker is None:
        return ""
    parts = ["## Questions\n"]
    for qid, question in marker.questions.items():
        reply = answer.questions.get(qid)
        parts.append(f"### {esc(qid)}. {esc(question)}\n")
        if reply is None:
            parts.append("*Not answered.*\n")
            continue
        parts.append(f"**Answer: {esc(ANSWER_WORDS.get(reply.answer, reply.answer))}**\n")
        if reply.note:
            parts.append(site.text_block(reply.note, uri, answer.file.path))
    return "\n".join(parts)


#: Other reviews' answers listed on an answer page; the marker page lists them all.
OTHERS_SHOWN = 10


def _same_marker_elsewhere(site: SiteModel, review: Review, number: int, uri: str) -> str:
    """Related reviews' answers first, then the most recent others, up to a fixed number.

    Listing every review on every answer page would make the site grow with the
    square of the number of reviews (18 x R pages x R rows); past a handful, the
    marker page, which lists each review once, has the whole list.
    """
    answers = site.answers_for(number)
    order = site.answer_order(number)
    others = len(answers) - (review.id in order)
    heading = f"## Marker {number:02d} in other reviews\n"
    if not others:
        return heading + "\nNo other review has answered this marker yet.\n"
    # Related reviews first, then the rest, each in review order: a page looks at a
    # few related ids and the head of the list, never at every review.
    places = sorted({order[r] for r in site.related.get(review.id, ()) if r in order})
    first = [answers[i] for i in places if answers[i].review_id != review.id][:OTHERS_SHOWN]
    chosen = {a.review_id for a in first} | {review.id}
    rest = (a for a in answers if a.review_id not in chosen)
    shown = first + list(itertools.islice(rest, OTHERS_SHOWN - len(first)))
    reviews = site.collection.reviews
    rows = [
        (
            link(uri, answer_uri(a.review_id, number), esc(reviews[a.review_id].title)),
            judgement_text(a.judgement),
        )
        for a in shown
    ]
    parts = [heading, table(["Review", "Judgement"], rows)]
    if others > len(shown):
        everything = link(
            uri, marker_uri(number), f"all {others + 1} reviews", "judgements-across-reviews"
        )
        parts.append(f"Showing {len(shown)} of {others} other reviews; see {everything}.\n")
    return "\n".join(parts)


def marker_page(site: SiteModel, marker: Marker) -> str:
    """``markers/qmNN.md``: statement and questions, and every review's judgement."""
    uri = marker_uri(marker.number)
    parts = [f"# Marker {site.marker_label(marker.number)}\n"]
    parts.append(f"Stage: **{STAGES[marker.stage]}**\n")
    parts.append(site.text_block(marker.file.body, uri, marker.file.path))
    parts.append("## Questions\n")
    for qid, question in marker.questions.items():
        mine = " *(written by this project)*" if qid in marker.project_questions else ""
        parts.append(f"- **{esc(qid)}.** {esc(question)}{mine}")
    parts.append("\n## Judgements across reviews\n")
    answers = site.answers_for(marker.number)
    bar = distribution_bar([a.judgement for a in answers], judgement_label)
    parts.append(f'<figure class="rr-figure">{bar}</figure>\n')
    if not answers:
        parts.append("No published review has answered this marker yet.\n")
    else:
        reviews = site.collection.reviews
        rows = [
            (
                link(uri, answer_uri(a.review_id, marker.number), esc(reviews[a.review_id].title)),
                judgement_text(a.judgement),
            )
            for a in answers
        ]
        parts.append(table(["Review", "Judgement"], rows))
    return "\n".join(parts)
