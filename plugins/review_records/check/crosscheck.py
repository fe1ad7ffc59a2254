"""Checks that need more than one file: catalogue questions, completeness, links."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..model.collection import MARKER_NUMBERS, Answer, Collection, Review
from ..model.sitepaths import resolve_page_link
from ..problems import ProblemSink, Severity
from ..records.frontmatter import FrontMatter, JsonPath, Position, Record
from ..records.links import PageLink, WikiLink, find_page_links, find_wikilinks
from ..rules import RULES
from .actions import check_actions
from .dates import check_dates
from .validate import did_you_mean

__all__ = ["LinkContext", "check_collection", "check_loose"]

SinkFor = Callable[[str], ProblemSink]


@dataclass(frozen=True, slots=True)
class LinkContext:
    """What a link may point at.

    ``known_ids`` holds every review folder, valid or not, so that a link to a review
    whose own file is broken is not reported twice. ``sources`` maps every record
    file to the page generated from it, and ``pages`` holds every page of the site
    (generated or hand-written), for ordinary ``[words](page.md)`` links.
    ``front_matter`` maps each record file that has front matter to it: the model
    keeps no front matter, and positions come from here.
    """

    collection: Collection
    known_ids: frozenset[str]
    include_drafts: bool
    answer_files: dict[str, frozenset[int]]
    sources: dict[str, str] = field(default_factory=dict)
    pages: frozenset[str] = frozenset()
    front_matter: Mapping[str, FrontMatter] = field(default_factory=dict)


def check_collection(collection: Collection, context: LinkContext, sink_for: SinkFor) -> None:
    """Run every cross-file check and report into per-file sinks."""
    for review in collection.reviews.values():
        sink = sink_for(review.file.path)
        _check_review(review, collection, context, sink)
        for answer in review.answers.values():
            _check_answer(answer, review, collection, context, sink_for(answer.file.path))
        _check_completeness(review, context, sink, sink_for)
    for marker in collection.markers.values():
        file = marker.file
        _check_text_links(file.body, None, context, sink_for(file.path), file.body_line)


def check_loose(
    unbuilt: list[Record], orphans: list[Answer], context: LinkContext, sink_for: SinkFor
) -> None:
    """Check what can still be checked in records left out of the model.

    A broken file never hides the others' problems, nor the broken links in its
    own body; a broken index.md does not stop its answers being checked.
    """
    for record in unbuilt:
        if record.front_matter is not None:
            _check_text_links(record.body, None, context, sink_for(record.path), record.body_line)
    for answer in orphans:
        _check_answer(answer, None, context.collection, context, sink_for(answer.file.path))


def _fm(review_or_answer: Review | Answer, ctx: LinkContext) -> FrontMatter:
    # The model only holds records that had front matter, and the checker lists them all.
    return ctx.front_matter[review_or_answer.file.path]


def _check_review(
    review: Review, collection: Collection, ctx: LinkContext, sink: ProblemSink
) -> None:
    fm = _fm(review, ctx)
    vocab = collection.vocabulary
    _check_slugs(review.themes, ("themes",), vocab.themes, "theme", fm, sink)
    _check_slugs(review.agencies, ("agencies",), vocab.agencies, "agency", fm, sink)
    _check_slugs(review.harm_types, ("harm_types",), vocab.harm_types, "harm type", fm, sink)
    for index, finding in enumerate(review.findings):
        path: JsonPath = ("findings", index, "themes")
        _check_slugs(finding.themes, path, vocab.themes, "theme", fm, sink)
        _check_value_links(finding.detail, ("findings", index, "detail"), review, ctx, fm, sink)
    check_dates(review, fm, sink)
    for index, other in enumerate(review.related):
        problem: _Found | None
        if other == review.id:
            problem = ("related", "a review cannot be related to itself")
        elif other not in ctx.known_ids:
            hint = did_you_mean(other, ctx.known_ids)
            problem = ("related", f"no review with id {other!r}{hint}")
        else:
            problem = _draft_problem(other, review, ctx)
        if problem is not None:
            _report(sink, fm.value_at(("related", index)), problem)
    _check_text_links(review.file.body, review, ctx, sink, review.file.body_line)


def _check_slugs(
    slugs: Iterable[str],
    path: JsonPath,
    allowed: dict[str, str],
    what: str,
    fm: FrontMatter,
    sink: ProblemSink,
) -> None:
    for index, slug in enumerate(slugs):
        if slug not in allowed:
            where = fm.value_at((*path, index))
            sink.error(
                where.line,
                where.column,
                "vocabulary",
                f"{slug!r} is not a known {what} in schema/vocabulary.yml"
                + did_you_mean(slug, allowed),
            )


def _check_completeness(
    review: Review, ctx: LinkContext, sink: ProblemSink, sink_for: SinkFor
) -> None:
    if not review.is_finished:
        return
    fm = _fm(review, ctx)
    # An invalid file is reported at its own problem, not as "missing".
    present = review.answers.keys() | ctx.answer_files.get(review.id, frozenset())
    missing = [f"{number:02d}" for number in MARKER_NUMBERS if number not in present]
    if missing:
        where = fm.value_at(("status",))
        sink.error(
            where.line,
            where.column,
            "completeness",
            f"a {review.status} review answers all 18 markers; missing: "
            f"{', '.join('qm' + n for n in missing)}",
        )
    for answer in review.answers.values():
        if answer.judgement == "not-assessed":
            where = _fm(answer, ctx).value_at(("judgement",))
            sink_for(answer.file.path).error(
                where.line,
                where.column,
                "completeness",
                f"the review is {review.status}, so this marker cannot be 'not-assessed'",
            )


def _check_answer(
    answer: Answer,
    review: Review | None,
    collection: Collection,
    ctx: LinkContext,
    sink: ProblemSink,
) -> None:
    fm = _fm(answer, ctx)
    marker = collection.markers.get(answer.number)
    if marker is None:
        if answer.number not in MARKER_NUMBERS:
            sink.error(
                1,
                1,
                "answer-number",
                f"there is no marker {answer.number:02d}: markers run from qm01 to qm18",
            )
    else:
        for qid in answer.questions:
            if qid not in marker.questions:
                where = fm.key_at(("questions", qid))
                known = ", ".join(marker.questions)
                sink.error(
                    where.line,
                    where.column,
                    "question-unknown",
                    f"marker {marker.number:02d} ({marker.title}) has no question {qid!r}; "
                    f"its questions are {known}" + did_you_mean(qid, marker.questions),
                )
    check_actions(answer, review, collection.vocabulary, fm, sink)
    for qid, reply in answer.questions.items():
        if reply.note:
            _check_value_links(reply.note, ("questions", qid, "note"), review, ctx, fm, sink)
    _check_text_links(answer.file.body, review, ctx, sink, answer.file.body_line)


def _check_value_links(
    text: str,
    path: JsonPath,
    review: Review | None,
    ctx: LinkContext,
    fm: FrontMatter,
    sink: ProblemSink,
) -> None:
    seen: dict[str, int] = {}

    def position(raw: str, line: int, column: int, nth: int) -> Position:
        """Where a link in the value is: asked only for a problem, as it reads the YAML again."""
        exact = fm.find_in_value(path, raw, nth)
        if exact is not None:
            return exact
        where = fm.value_at(path)
        if where.block:
            return Position(where.line + 1 + line, column + 1)
        if line == 0:
            return Position(where.line, where.column + column)
        return Position(where.line + line, column + 1)

    def occurrence(raw: str) -> int:
        nth = seen[raw] = seen.get(raw, -1) + 1
        return nth

    for link in find_wikilinks(text):
        nth = occurrence(link.raw)
        problem = _link_problem(link, review, ctx)
        if problem is not None:
            at = position(link.raw, link.line, link.column, nth)
            _report(sink, at, problem)
    for page_link in find_page_links(text):
        nth = occurrence(page_link.raw)
        problem = _page_link_problem(page_link, review, ctx, sink.path)
        if problem is not None:
            # Found by its raw text, which starts at "](" a little before the destination.
            shift = page_link.raw.find(page_link.path)
            at = position(page_link.raw, page_link.line, page_link.column - shift, nth)
            _report(sink, Position(at.line, at.column + shift), problem)


def _check_text_links(
    text: str, review: Review | None, ctx: LinkContext, sink: ProblemSink, first_line: int
) -> None:
    for link in find_wikilinks(text):
        problem = _link_problem(link, review, ctx)
        if problem is not None:
            _report(sink, Position(first_line + link.line, link.column + 1), problem)
    for page_link in find_page_links(text):
        problem = _page_link_problem(page_link, review, ctx, sink.path)
        if problem is not None:
            at = Position(first_line + page_link.line, page_link.column + 1)
            _report(sink, at, problem)


#: A problem before it has a position: its rule and message.
_Found = tuple[str, str]


def _report(sink: ProblemSink, at: Position, found: _Found) -> None:
    """Report ``found`` at ``at``, as serious as the catalogue says its rule is."""
    rule, message = found
    if RULES[rule].severity is Severity.WARNING:
        sink.warning(at.line, at.column, rule, message)
    else:
        sink.error(at.line, at.column, rule, message)


def _page_link_problem(
    link: PageLink, source: Review | None, ctx: LinkContext, path: str
) -> _Found | None:
    page = ctx.sources.get(path)
    if page is None or not ctx.pages:
        return None  # not a record, or a context without a site map (nothing to check against)
    target = resolve_page_link(link.path, path, page, ctx.sources, ctx.pages)
    if target is None:
        return (
            "link-broken",
            f"the link to {link.path!r} leads to no record or page; link to a record by its "
            "file name, or use [[qm05]], [[review-id]] or [[review-id#qm05]]",
        )
    parts = target.split("/")
    if source is not None and parts[0] == "reviews" and len(parts) == 3:
        return _draft_problem(parts[1], source, ctx)
    return None


def _link_problem(link: WikiLink, source: Review | None, ctx: LinkContext) -> _Found | None:
    collection = ctx.collection
    if not link.valid:
        return (
            "link-broken",
            f"{link.raw} is not a link: use [[qm05]], [[review-id]] or [[review-id#qm05]]",
        )
    if link.marker is not None and link.marker not in collection.markers:
        if link.marker not in MARKER_NUMBERS:
            return (
                "link-broken",
                f"{link.raw} points at marker {link.marker}, but markers run from qm01 to qm18",
            )
        return None
    if link.review is None:
        return None
    if link.review not in ctx.known_ids:
        return (
            "link-broken",
            f"{link.raw} points at review {link.review!r}, which does not exist"
            + did_you_mean(link.review, ctx.known_ids),
        )
    target = collection.reviews.get(link.review)
    if target is None:
        # Its index.md is broken and reported there: say so here, once, as a warning.
        return (
            "link-target-invalid",
            f"{link.raw} points at review {link.review!r}, whose index.md has errors; "
            "fix that file and this link works",
        )
    if link.marker is not None and link.marker not in target.answers:
        if link.marker in ctx.answer_files.get(link.review, frozenset()):
            return (
                "link-target-invalid",
                f"{link.raw} points at {link.review}/qm{link.marker:02d}.md, which has errors; "
                "fix that file and this link works",
            )
        return (
            "link-broken",
            f"{link.raw}: review {link.review!r} has no answer to marker {link.marker:02d}",
        )
    if source is not None:
        return _draft_problem(link.review, source, ctx)
    return None


def _draft_problem(target_id: str, source: Review, ctx: LinkContext) -> _Found | None:
    target = ctx.collection.reviews.get(target_id)
    if target is None or not target.is_draft or source.is_draft or ctx.include_drafts:
        return None
    return (
        "link-draft",
        f"{target_id!r} is a draft review and is never published, so a published page "
        "cannot link to it; remove the link or wait until that review leaves draft",
    )
