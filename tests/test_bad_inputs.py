"""Bad inputs, one table: each case breaks an otherwise valid repository on purpose.

Every case starts from the same valid repository (the ``child-test`` review with a
valid ``qm01.md``, the real catalogue and vocabulary), writes or removes a few
files, runs the real checker and compares the FULL list of ``(path, line, rule)``
problems, so a missing or an extra problem fails the case.

An expected line is either a number or a piece of text: the 1-based number of the
first line of that file containing the text (so the table reads like the record).

Cases whose expectation follows DESIGN.md but which the checker gets wrong are
marked ``xfail(strict=True)`` with the reason; they pass once the checker is fixed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ANSWER, Repo
from review_records.problems import Problem

IDX = "reviews/child-test/index.md"
QM1 = "reviews/child-test/qm01.md"
QM5_MARKER = "markers/qm05-clarity-of-purpose.md"
MARKERS = "markers"


# ---------------------------------------------------------------------------
# Record builders. ``front(lines)`` puts ``lines[i]`` on file line ``i + 2``.
# ---------------------------------------------------------------------------


def front(lines: list[str], body: str = "\nA summary.\n", *, close: str = "---") -> str:
    """A record: '---', the YAML lines, a closing line, the body."""
    return "---\n" + "".join(line + "\n" for line in lines) + close + "\n" + body


#: The valid review's keys; they sit on lines 2-8, so extra lines start on line 9.
REVIEW_KEYS = {
    "title": "Child Test (fictional)",
    "status": "in-progress",
    "review_type": "lcspr",
    "partnership": "Testshire Safeguarding Children Partnership (fictional)",
    "commissioned_on": "2025-01-10",
    "themes": "[neglect]",
    "agencies": "[police]",
}


def review_md(
    *extra: str, body: str = "\nA summary.\n", close: str = "---", **values: str | None
) -> str:
    """The valid review with ``values`` replaced (None drops a key) and ``extra`` lines added."""
    merged = {**REVIEW_KEYS, **values}
    lines = [f"{key}: {value}" for key, value in merged.items() if value is not None]
    return front([*lines, *extra], body, close=close)


def answer_md(*lines: str, body: str = "\nNotes.\n") -> str:
    """An answer file from its YAML lines (default: a valid, minimal answer)."""
    return front(list(lines or ("judgement: met", "questions:", "  q1: yes")), body)


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Setups that need more than writing files.
# ---------------------------------------------------------------------------


def remove(relpath: str) -> Callable[[Repo], None]:
    def setup(repo: Repo) -> None:
        (repo.root / relpath).unlink()

    return setup


def symlink(target: str, link: str) -> Callable[[Repo], None]:
    def setup(repo: Repo) -> None:
        os.symlink(repo.root / target, repo.root / link)  # noqa: PTH211

    return setup


def all_18_answers(not_assessed: int = 0, invalid: int = 0) -> Callable[[Repo], None]:
    """All 18 answer files, 'met' except one 'not-assessed' and one schema-invalid ('Met')."""

    def setup(repo: Repo) -> None:
        for number in range(1, 19):
            judgement = {not_assessed: "not-assessed", invalid: "Met"}.get(number, "met")
            repo.write(
                f"reviews/child-test/qm{number:02d}.md", answer_md(f"judgement: {judgement}")
            )

    return setup


def append_to(relpath: str, after: str, line: str) -> Callable[[Repo], None]:
    """Insert ``line`` after the first line starting with ``after`` in an existing file."""

    def setup(repo: Repo) -> None:
        path = repo.root / relpath
        lines = path.read_text(encoding="utf-8").split("\n")
        index = next(i for i, text in enumerate(lines) if text.startswith(after))
        lines.insert(index + 1, line)
        path.write_text("\n".join(lines), encoding="utf-8")

    return setup


def copy_to(source: str, target: str) -> Callable[[Repo], None]:
    def setup(repo: Repo) -> None:
        (repo.root / target).write_bytes((repo.root / source).read_bytes())

    return setup


# ---------------------------------------------------------------------------
# The table.
# ---------------------------------------------------------------------------

Line = int | str  # a line number, or text found on the line


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    expected: list[tuple[str, Line, str]]
    words: tuple[str, ...] = ()
    setup: Callable[[Repo], None] | None = None
    xfail: str | None = None
    #: When set, the column (1-based) of the one expected problem.
    column: int | None = None


ALIAS_BOMB = [
    "private:",
    "  a: &a [x, x, x, x, x, x, x, x, x]",
    "  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
    "  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
    "  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    "  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]",
    "  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]",
]

DRAFT_REVIEW = review_md(status="draft", title="Draft One (fictional)")

CASES: list[Case] = [
    # --- encoding and line ends -------------------------------------------------
    Case(
        "not-utf8-line-3",
        {IDX: b"---\ntitle: Child Test\npartnership: Caf\xe9 partnership\nstatus: draft\n---\n"},
        [(IDX, 3, "encoding")],
        words=("UTF-8", "0xe9"),
    ),
    Case(
        "not-utf8-in-body",
        {
            QM1: answer_md(body="\nNotes.\nMore \xff notes.\n")
            .encode()
            .replace(b"\xc3\xbf", b"\xff")
        },
        [(QM1, 8, "encoding")],
    ),
    Case("bom-is-fine", {IDX: b"\xef\xbb\xbf" + review_md().encode()}, []),
    Case("bom-and-crlf-is-fine", {IDX: b"\xef\xbb\xbf" + crlf(review_md())}, []),
    Case(
        "lf-bad-status-line-3",
        {IDX: review_md(status="draf")},
        [(IDX, 3, "schema-enum")],
        column=9,
    ),
    Case(
        "crlf-bad-status-line-3",
        {IDX: crlf(review_md(status="draf"))},
        [(IDX, 3, "schema-enum")],
        column=9,
    ),
    Case(
        "cr-only-bad-status-line-3",
        {IDX: review_md(status="draf").replace("\n", "\r").encode()},
        [(IDX, 3, "schema-enum")],
    ),
    Case(
        "crlf-link-in-body-same-line-as-lf",
        {IDX: crlf(review_md(body="\nSee [[qm19]].\n"))},
        [(IDX, 11, "link-broken")],
        column=5,
    ),
    # --- the front-matter block -------------------------------------------------
    Case("empty-file", {IDX: ""}, [(IDX, 1, "front-matter-missing")], words=("empty",)),
    Case("whitespace-only-file", {IDX: "\n  \n\n"}, [(IDX, 1, "front-matter-missing")]),
    Case(
        "no-front-matter",
        {IDX: "# Child Test\n\nJust a summary.\n"},
        [(IDX, 1, "front-matter-missing")],
    ),
    Case(
        "blank-line-before-opener",
        {IDX: "\n" + review_md()},
        [(IDX, 2, "front-matter-start")],
        words=("line 1",),
    ),
    Case("four-dash-opener", {IDX: "-" + review_md()}, [(IDX, 1, "front-matter-delimiter")]),
    Case(
        "opener-with-trailing-space",
        {IDX: review_md().replace("---\n", "--- \n", 1)},
        [(IDX, 1, "front-matter-delimiter")],
    ),
    Case(
        "no-closing-line",
        {IDX: "---\ntitle: Child Test\nstatus: draft\n"},
        [(IDX, 1, "front-matter-unclosed")],
    ),
    Case(
        "closing-line-with-trailing-space",
        {IDX: review_md(close="--- ")},
        [(IDX, 9, "front-matter-delimiter")],
        words=("'--- '",),
    ),
    Case("closing-line-dots", {IDX: review_md(close="...")}, [(IDX, 9, "front-matter-delimiter")]),
    Case(
        "horizontal-rule-in-body-is-fine",
        {IDX: review_md(body="\nAbove.\n\n---\n\nBelow.\n")},
        [],
    ),
    Case(
        "empty-front-matter",
        {IDX: "---\n---\nBody.\n"},
        [(IDX, 1, "schema-required")] * 5,
    ),
    Case(
        "list-instead-of-mapping",
        {IDX: front(["- title: Child Test", "- status: draft"])},
        [(IDX, 2, "front-matter-not-mapping")],
        words=("a list",),
    ),
    Case(
        "scalar-instead-of-mapping",
        {IDX: front(["Child Test"])},
        [(IDX, 2, "front-matter-not-mapping")],
        words=("a single value",),
    ),
    # --- YAML syntax ------------------------------------------------------------
    Case(
        "yaml-tab-indentation",
        {QM1: answer_md("judgement: met", "questions:", "\tq1: yes")},
        [(QM1, 4, "yaml-syntax")],
    ),
    Case(
        "yaml-tab-indentation-hint",
        {QM1: answer_md("judgement: met", "questions:", "\tq1: yes")},
        [(QM1, 4, "yaml-syntax")],
        words=("indent with spaces, not tabs",),
    ),
    Case(
        "yaml-unclosed-bracket-last-line",
        {IDX: review_md(agencies="[police, gp")},
        [(IDX, "agencies:", "yaml-syntax")],
    ),
    Case(
        "yaml-unclosed-bracket-mid-file",
        {IDX: review_md(themes="[neglect, escalation")},
        [(IDX, "themes:", "yaml-syntax")],
    ),
    Case(
        "yaml-unclosed-quote",
        {IDX: review_md(title='"Child Test')},
        [(IDX, "title:", "yaml-syntax")],
    ),
    Case(
        "yaml-control-character-at-its-line",
        {IDX: review_md(commissioned_on="2025-01-10\x07")},
        [(IDX, 6, "yaml-syntax")],
        words=("control character",),
    ),
    Case(
        "yaml-error-after-next-line-characters",
        {IDX: "---\n[\x85\x85\x85\n---\nBody.\n"},
        [(IDX, 2, "yaml-syntax")],
    ),
    Case(
        "not-a-mapping-after-next-line-characters",
        {IDX: "---\n\x85\x85just words\n---\nBody.\n"},
        [(IDX, 2, "front-matter-not-mapping")],
    ),
    Case(
        "yaml-u2028-does-not-shift-lines",
        {IDX: review_md(title='"Child\u2028Test"', status="draf")},
        [(IDX, 3, "schema-enum")],
    ),
    Case(
        "yaml-empty-value",
        {QM1: answer_md("judgement:", "questions:", "  q1: yes")},
        [(QM1, 2, "schema-enum")],
        words=("empty",),
    ),
    Case(
        "yaml-bad-indentation-key",
        {IDX: review_md(status="in-progress\n  review_type: lcspr", review_type=None)},
        [(IDX, "  review_type", "yaml-syntax")],
    ),
    Case(
        "yaml-bad-indentation-dedent-in-mapping",
        {QM1: answer_md("judgement: met", "questions:", "    q1: yes", "  q2: no")},
        [(QM1, "  q2: no", "yaml-syntax")],
    ),
    Case(
        "yaml-colon-in-plain-text",
        {IDX: review_md(title="Child Test: the sequel")},
        [(IDX, 2, "yaml-syntax")],
        words=("double quotes",),
    ),
    Case(
        "duplicate-key-at-second-key",
        {IDX: review_md("status: draft")},
        [(IDX, 9, "yaml-duplicate-key")],
        words=("'status'", "line 3"),
    ),
    Case(
        "duplicate-nested-key",
        {QM1: answer_md("judgement: met", "questions:", "  q1: yes", "  q1: no")},
        [(QM1, 5, "yaml-duplicate-key")],
    ),
    # --- tags and hostile YAML -------------------------------------------------
    Case(
        "tag-python-object",
        {IDX: review_md("private: !!python/object:os.system {}")},
        [(IDX, 9, "yaml-tag")],
        words=("!!python/object:os.system",),
    ),
    Case(
        "tag-python-apply-on-title",
        {IDX: review_md(title='!!python/object/apply:os.system ["echo hi"]')},
        [(IDX, 2, "yaml-tag"), (IDX, 2, "schema-type")],
    ),
    Case("tag-binary", {IDX: review_md(title="!!binary Q2hpbGQgVGVzdA==")}, [(IDX, 2, "yaml-tag")]),
    Case(
        "tag-custom",
        {IDX: review_md("methodology: !secret Learning Together")},
        [(IDX, 9, "yaml-tag")],
        words=("!secret",),
    ),
    Case(
        "alias-bomb",
        {IDX: review_md(*ALIAS_BOMB)},
        [(IDX, "  e: &e", "yaml-too-complex")],
        words=("20000",),
    ),
    Case(
        "nesting-too-deep",
        {IDX: review_md("private: " + "[" * 60 + "]" * 60)},
        [(IDX, 9, "yaml-too-complex")],
        words=("deep",),
    ),
    # --- review schema ----------------------------------------------------------
    Case(
        "unknown-key-titel",
        {IDX: review_md("titel: Child Test", title=None)},
        [(IDX, 1, "schema-required"), (IDX, "titel:", "schema-unknown-key")],
        words=("did you mean 'title'",),
    ),
    Case(
        "missing-required-keys",
        {IDX: front(["title: Child Test", "status: draft"])},
        [(IDX, 1, "schema-required")] * 3,
        words=("'review_type'", "'partnership'", "'commissioned_on'"),
    ),
    Case(
        "bad-enum-status-draf",
        {IDX: review_md(status="draf")},
        [(IDX, 3, "schema-enum")],
        words=("did you mean 'draft'",),
    ),
    Case(
        "status-bare-yes-is-a-string",
        {IDX: review_md(status="yes")},
        [(IDX, 3, "schema-enum")],
        words=("'yes'",),
    ),
    Case(
        "empty-title",
        {IDX: review_md(title='""')},
        [(IDX, 2, "schema-value")],
        words=("empty",),
    ),
    Case(
        "themes-as-string",
        {IDX: review_md(themes="neglect")},
        [(IDX, 7, "schema-type")],
        words=("a list",),
    ),
    Case(
        "lead-reviewers-as-mapping",
        {IDX: review_md("lead_reviewers: {name: Jo Bloggs}")},
        [(IDX, 9, "schema-type")],
        words=("lead_reviewers",),
    ),
    Case(
        "lead-reviewers-item-not-text",
        {IDX: review_md("lead_reviewers:", "  - Jo Bloggs", "  - 42")},
        [(IDX, 11, "schema-type")],
    ),
    Case(
        "theme-slug-not-lower-case",
        {IDX: review_md(themes="[Neglect]")},
        [(IDX, 7, "schema-pattern")],
    ),
    Case(
        "theme-repeated",
        {IDX: review_md(themes="[neglect, neglect]")},
        [(IDX, 7, "schema-value")],
        words=("twice",),
    ),
    Case(
        "date-month-13",
        {IDX: review_md(commissioned_on="2024-13-01")},
        [(IDX, 6, "schema-format")],
        words=("YYYY-MM-DD",),
    ),
    Case(
        "date-dd-mm-yyyy",
        {IDX: review_md(commissioned_on="12/03/2024")},
        [(IDX, 6, "schema-format")],
    ),
    Case(
        "date-february-30",
        {IDX: review_md(commissioned_on="2024-02-30")},
        [(IDX, 6, "schema-format")],
    ),
    Case(
        "date-as-number",
        {IDX: review_md(commissioned_on="20250110")},
        [(IDX, 6, "schema-type")],
    ),
    Case(
        "date-bare-yes",
        {IDX: review_md(commissioned_on="yes")},
        [(IDX, 6, "schema-format")],
        words=("'yes'",),
    ),
    Case(
        "date-bare-no",
        {IDX: review_md("completed_on: no")},
        [(IDX, 9, "schema-format")],
        words=("'no'",),
    ),
    Case(
        "completed-before-commissioned",
        {IDX: review_md("completed_on: 2024-12-31")},
        [(IDX, 9, "date-order")],
        words=("before commissioned_on",),
    ),
    Case(
        "published-before-completed",
        {IDX: review_md("completed_on: 2025-06-01", "published_on: 2025-05-01")},
        [(IDX, 10, "date-order")],
        words=("before completed_on",),
    ),
    Case(
        "completed-without-completed-on",
        {IDX: review_md(status="completed")},
        [(IDX, 1, "schema-required")],
        words=("'completed_on'", "'completed'"),
    ),
    Case(
        "published-without-published-on",
        {IDX: review_md("completed_on: 2025-06-01", status="published")},
        [(IDX, 1, "schema-required")],
        words=("'published_on'",),
    ),
    Case(
        "completed-review-missing-markers",
        {IDX: review_md("completed_on: 2025-06-01", status="completed")},
        [(IDX, 3, "completeness")],
        words=("qm02", "qm18"),
    ),
    Case(
        "not-assessed-in-completed-review",
        {IDX: review_md("completed_on: 2025-06-01", status="completed")},
        [("reviews/child-test/qm07.md", 2, "completeness")],
        words=("not-assessed",),
        setup=all_18_answers(not_assessed=7),
    ),
    Case(
        "unknown-theme",
        {IDX: review_md(themes="[neglet]")},
        [(IDX, 7, "vocabulary")],
        words=("did you mean 'neglect'",),
    ),
    Case(
        "unknown-agency",
        {IDX: review_md(agencies="[police, polce]")},
        [(IDX, 8, "vocabulary")],
        words=("did you mean 'police'",),
    ),
    Case(
        "finding-with-unknown-theme",
        {
            IDX: review_md(
                "findings:",
                "  - title: Late referrals",
                "    detail: Referrals came late.",
                "    themes: [neglect, escalaton]",
            )
        },
        [(IDX, 12, "vocabulary")],
        words=("did you mean 'escalation'",),
    ),
    Case(
        "finding-unknown-key",
        {
            IDX: review_md(
                "findings:", "  - title: Late referrals", "    detail: Came late.", "    detials: x"
            )
        },
        [(IDX, "    detials:", "schema-unknown-key")],
        words=("did you mean 'detail'",),
    ),
    Case(
        "second-finding-missing-detail",
        {
            IDX: review_md(
                "findings:",
                "  - title: Late referrals",
                "    detail: Referrals came late.",
                "  - title: No challenge",
                "    themes: [escalation]",
            )
        },
        [(IDX, "  - title: No challenge", "schema-required")],
        words=("'detail'",),
    ),
    Case(
        "related-review-missing",
        {IDX: review_md("related: [child-tost]")},
        [(IDX, 9, "related")],
        words=("no review", "did you mean 'child-test'"),
    ),
    Case(
        "related-second-item-missing",
        {
            IDX: review_md("related:", "  - child-test-2", "  - nowhere"),
            "reviews/child-test-2/index.md": review_md(),
        },
        [(IDX, 11, "related")],
    ),
    Case(
        "related-to-itself",
        {IDX: review_md("related: [child-test]")},
        [(IDX, 9, "related")],
        words=("itself",),
    ),
    Case(
        "related-id-invalid",
        {IDX: review_md("related: [Child_Q]")},
        [(IDX, 9, "schema-pattern")],
    ),
    Case(
        "private-may-hold-anything", {IDX: review_md("private: {notes: [1, {a: b}], x: null}")}, []
    ),
    # --- answer schema ----------------------------------------------------------
    Case(
        "answer-unknown-question-q99",
        {QM1: answer_md("judgement: met", "questions:", "  q1: yes", "  q99: no")},
        [(QM1, 5, "question-unknown")],
        words=("'q99'",),
    ),
    Case(
        "answer-question-id-capital-Q1",
        {QM1: answer_md("judgement: met", "questions:", "  Q1: yes")},
        [(QM1, 4, "schema-pattern")],
        words=("'Q1'", "q1, q2"),
    ),
    Case(
        "answer-word-maybe",
        {QM1: answer_md("judgement: met", "questions:", "  q1: maybe")},
        [(QM1, 4, "schema-enum")],
        words=("'maybe'",),
    ),
    Case(
        "answer-word-bare-on-is-a-string",
        {QM1: answer_md("judgement: met", "questions:", "  q1: on")},
        [(QM1, 4, "schema-enum")],
        words=("'on'",),
    ),
    Case(
        "answer-mapping-notes-not-note",
        {
            QM1: answer_md(
                "judgement: met", "questions:", "  q1:", "    answer: yes", "    notes: Late."
            )
        },
        [(QM1, 6, "schema-unknown-key")],
        words=("did you mean 'note'",),
    ),
    Case(
        "answer-mapping-without-answer",
        {QM1: answer_md("judgement: met", "questions:", "  q1:", "    note: Late.")},
        [(QM1, 4, "schema-required")],
        words=("'answer'",),
    ),
    Case(
        "answer-questions-as-list",
        {QM1: answer_md("judgement: met", "questions: [q1]")},
        [(QM1, 3, "schema-type")],
    ),
    Case(
        "answer-judgement-missing",
        {QM1: answer_md("questions:", "  q1: yes")},
        [(QM1, 1, "schema-required")],
        words=("'judgement'",),
    ),
    Case(
        "answer-judgement-capital-Met",
        {QM1: answer_md("judgement: Met")},
        [(QM1, 2, "schema-enum")],
        words=("did you mean 'met'",),
    ),
    Case(
        "action-missing-owner",
        {
            QM1: answer_md(
                "judgement: met",
                "actions:",
                "  - action: Update the referral form",
                "    owner: Partnership business manager",
                "    due: 2030-01-31",
                "    status: open",
                "  - action: Train the front door team",
                "    due: 2030-03-31",
                "    status: open",
            )
        },
        [(QM1, "  - action: Train", "schema-required")],
        words=("'owner'",),
    ),
    Case(
        "action-bad-status",
        {
            QM1: answer_md(
                "judgement: met",
                "actions:",
                "  - action: Train staff",
                "    owner: Lead",
                "    due: 2030-01-31",
                "    status: pending",
            )
        },
        [(QM1, 7, "schema-enum")],
        words=("open, done",),
    ),
    Case(
        "action-bad-due-date",
        {
            QM1: answer_md(
                "judgement: met",
                "actions:",
                "  - action: Train staff",
                "    owner: Lead",
                "    due: 31/01/2030",
                "    status: open",
            )
        },
        [(QM1, 6, "schema-format")],
    ),
    Case(
        "evidence-empty-item",
        {QM1: answer_md("judgement: met", "evidence:", "  - Chronology", '  - ""')},
        [(QM1, 5, "schema-value")],
    ),
    # --- file and folder names --------------------------------------------------
    Case(
        "answer-file-name-marker5",
        {"reviews/child-test/marker5.md": answer_md()},
        [("reviews/child-test/marker5.md", 1, "answer-file-name")],
    ),
    Case(
        "answer-file-qm19",
        {"reviews/child-test/qm19.md": answer_md("judgement: met")},
        [("reviews/child-test/qm19.md", 1, "answer-number")],
        words=("qm18",),
    ),
    Case(
        "two-files-for-one-marker",
        {
            "reviews/child-test/qm05.md": answer_md("judgement: met"),
            "reviews/child-test/qm05-notes.md": answer_md("judgement: met"),
        },
        [("reviews/child-test/qm05.md", 1, "answer-duplicate")],
        words=("twice", "qm05-notes.md"),
    ),
    Case(
        "review-folder-invalid-id",
        {"reviews/Child_Q/index.md": review_md()},
        [("reviews/Child_Q", 1, "review-id")],
    ),
    Case(
        "review-folder-without-index",
        {"reviews/no-index/qm01.md": answer_md()},
        [("reviews/no-index/index.md", 1, "review-index-missing")],
    ),
    Case(
        "md-file-directly-in-reviews",
        {"reviews/child-q.md": review_md()},
        [("reviews/child-q.md", 1, "review-layout")],
    ),
    Case(
        "symlinked-answer-file",
        {},
        [("reviews/child-test/qm02.md", 1, "symlink")],
        setup=symlink(QM1, "reviews/child-test/qm02.md"),
    ),
    Case(
        "symlinked-review-folder",
        {},
        [("reviews/child-copy", 1, "symlink")],
        setup=symlink("reviews/child-test", "reviews/child-copy"),
    ),
    # --- the marker catalogue ---------------------------------------------------
    Case(
        "marker-file-removed",
        {},
        [(MARKERS, 1, "marker-missing")],
        words=("marker 05",),
        setup=remove(QM5_MARKER),
    ),
    Case(
        "marker-file-removed-while-answered",
        {"reviews/child-test/qm05.md": answer_md("judgement: met")},
        [(MARKERS, 1, "marker-missing")],
        setup=remove(QM5_MARKER),
    ),
    Case(
        "marker-unknown-key",
        {},
        [(QM5_MARKER, "summary:", "schema-unknown-key")],
        setup=append_to(QM5_MARKER, "title:", "summary: Why the review is held"),
    ),
    Case(
        "marker-defined-twice",
        {},
        [("markers/qm05-copy.md", 1, "marker-duplicate")],
        setup=copy_to(QM5_MARKER, "markers/qm05-copy.md"),
    ),
    Case(
        "marker-number-19",
        {},
        [("markers/qm19-extra.md", 1, "marker-number")],
        setup=copy_to(QM5_MARKER, "markers/qm19-extra.md"),
    ),
    Case(
        "marker-file-name-bad",
        {"markers/notes.md": "# Notes\n"},
        [("markers/notes.md", 1, "marker-file-name")],
    ),
    # --- wiki-links ---------------------------------------------------------------
    Case(
        "link-missing-marker-qm19",
        {IDX: review_md(body="\nSee [[qm19]].\n")},
        [(IDX, 11, "link-broken")],
        words=("qm01 to qm18",),
    ),
    Case(
        "link-with-label-missing-marker",
        {IDX: review_md(body="\nFirst.\nSee [[qm19|the marker]].\n")},
        [(IDX, 12, "link-broken")],
    ),
    Case(
        "link-missing-review",
        {IDX: review_md(body="\nSee [[child-tset]].\n")},
        [(IDX, 11, "link-broken")],
        words=("'child-tset'", "did you mean 'child-test'"),
    ),
    Case(
        "link-missing-answer",
        {IDX: review_md(body="\nSee [[child-test#qm07]].\n")},
        [(IDX, 11, "link-broken")],
        words=("marker 07",),
    ),
    Case(
        "link-malformed",
        {IDX: review_md(body="\nSee [[Child Q]].\n")},
        [(IDX, 11, "link-broken")],
        words=("[[Child Q]]",),
    ),
    Case(
        "link-existing-answer-is-fine",
        {IDX: review_md(body="\nSee [[child-test#qm01]] and [[child-test]].\n")},
        [],
    ),
    Case(
        "link-in-fenced-code-not-reported",
        {IDX: review_md(body="\n```\n[[qm19]] [[Child Q]]\n```\n\n~~~~\n[[nowhere]]\n~~~~\n")},
        [],
    ),
    Case(
        "link-in-code-span-not-reported",
        {IDX: review_md(body="\nWrite `[[qm19]]` to link.\n")},
        [],
    ),
    Case(
        "link-after-fence-is-reported",
        {IDX: review_md(body="\n```\n[[qm19]]\n```\n[[qm20]]\n")},
        [(IDX, 14, "link-broken")],
    ),
    Case(
        "page-link-to-nothing-in-body",
        {IDX: review_md(body="\nSee [the notes](qm07-notes.md) first.\n")},
        [(IDX, 11, "link-broken")],
        column=17,
        words=("'qm07-notes.md'",),
    ),
    Case(
        "page-link-to-nothing-in-note",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                "    note: >-",
                "      Compare [marker one](../../markers/qm01-nothing.md#why).",
            )
        },
        [(QM1, 7, "link-broken")],
        column=28,
    ),
    Case(
        "page-links-that-resolve",
        {
            IDX: review_md(
                body="\n[A](qm02-referral.md), [B](qm02.md#notes), [C](../other/qm02-late.md),"
                " [D](../../markers/qm05-clarity-of-purpose.md), [E](../../markers/qm05.md),"
                " [F](../../themes/neglect.md), [G](../index.md), [H](../../guide/page.md),"
                " `[code](nowhere.md)`, [web](https://example.invalid/x.md)\n"
            ),
            "reviews/child-test/qm02-referral.md": answer_md("judgement: met"),
            "reviews/other/index.md": review_md(),
            "reviews/other/qm02-late.md": answer_md("judgement: met"),
            "docs/guide/page.md": "# A hand-written page\n",
        },
        [],
    ),
    Case(
        "page-link-to-a-draft",
        {
            IDX: review_md(body="\nSee [the draft](../draft-one/index.md).\n"),
            "reviews/draft-one/index.md": DRAFT_REVIEW,
        },
        [(IDX, 11, "link-draft")],
    ),
    Case(
        "link-draft-from-in-progress-body",
        {IDX: review_md(body="\nSee [[draft-one]].\n"), "reviews/draft-one/index.md": DRAFT_REVIEW},
        [(IDX, 11, "link-draft")],
        words=("draft",),
    ),
    Case(
        "link-draft-through-related",
        {IDX: review_md("related: [draft-one]"), "reviews/draft-one/index.md": DRAFT_REVIEW},
        [(IDX, 9, "link-draft")],
    ),
    Case(
        "link-draft-from-draft-is-fine",
        {
            IDX: review_md(status="draft", body="\nSee [[draft-one]].\n"),
            "reviews/draft-one/index.md": DRAFT_REVIEW,
        },
        [],
    ),
    Case(
        # The target's problem is reported once, in its file; the link only warns.
        "link-to-broken-review-not-reported-twice",
        {
            IDX: review_md(body="\nSee [[other]].\n"),
            "reviews/other/index.md": review_md(status="draf"),
        },
        [("reviews/other/index.md", 3, "schema-enum"), (IDX, 11, "link-target-invalid")],
    ),
    Case(
        # An answer file that exists but is invalid is not "no answer to marker 13".
        "link-to-broken-answer-not-reported-as-missing",
        {
            IDX: review_md(body="\nSee [[other#qm13]].\n"),
            "reviews/other/index.md": review_md(),
            "reviews/other/qm13.md": answer_md("judgement: mett"),
        },
        [("reviews/other/qm13.md", 2, "schema-enum"), (IDX, 11, "link-target-invalid")],
    ),
    Case(
        "link-in-note-inline",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                '    note: "See [[qm19]]."',
            )
        },
        [(QM1, 6, "link-broken")],
    ),
    Case(
        "link-in-note-plain-inline-column",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                "    note: See [[qm19]].",
            )
        },
        [(QM1, 6, "link-broken")],
        column=15,
    ),
    Case(
        "link-in-note-double-quoted-column",
        {
            QM1: answer_md(
                "judgement: met", "questions:", '  q1: {answer: yes, note: "See [[qm19]]."}'
            )
        },
        [(QM1, 4, "link-broken")],
        column=32,
    ),
    Case(
        "link-in-note-double-quoted-multiline",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                '    note: "First,',
                '      then [[qm19]]."',
            )
        },
        [(QM1, 7, "link-broken")],
    ),
    Case(
        "link-in-note-literal-block",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                "    note: |",
                "      First line.",
                "      See [[qm19]].",
            )
        },
        [(QM1, 8, "link-broken")],
    ),
    Case(
        "link-in-note-literal-block-column",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                "    note: |",
                "      See [[qm19]].",
            )
        },
        [(QM1, 7, "link-broken")],
        column=11,
    ),
    Case(
        "link-in-note-folded-block",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                "    note: >",
                "      First line,",
                "      then [[qm19]].",
            )
        },
        [(QM1, 8, "link-broken")],
    ),
    Case(
        "link-in-note-same-link-twice",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                '    note: "See [[qm19]],',
                '      and again [[qm19]]."',
            )
        },
        [(QM1, 6, "link-broken"), (QM1, 7, "link-broken")],
    ),
    Case(
        "link-in-note-plain-multiline",
        {
            QM1: answer_md(
                "judgement: met",
                "questions:",
                "  q1:",
                "    answer: yes",
                "    note: First line,",
                "      then [[qm19]].",
            )
        },
        [(QM1, 7, "link-broken")],
    ),
    Case(
        "link-in-finding-detail",
        {
            IDX: review_md(
                "findings:",
                "  - title: Late referrals",
                "    detail: |",
                "      Referrals came late.",
                "      Compare [[nowhere]].",
            )
        },
        [(IDX, 13, "link-broken")],
    ),
    Case(
        "link-in-answer-body",
        {QM1: answer_md(body="\nNotes.\n\nSee [[qm01]] and [[qm00]].\n")},
        [(QM1, 9, "link-broken")],
    ),
    Case(
        "link-in-marker-body",
        {},
        [(QM5_MARKER, "See [[nowhere]]", "link-broken")],
        setup=append_to(QM5_MARKER, "## Quality statement", "See [[nowhere]] for more."),
    ),
    # --- several broken files at once ------------------------------------------
    Case(
        "broken-index-does-not-hide-answer-checks",
        {
            IDX: review_md(status="draf"),
            QM1: answer_md("judgement: met", "questions:", "  q99: yes", body="\n[[qm19]]\n"),
        },
        [(IDX, 3, "schema-enum"), (QM1, 4, "question-unknown"), (QM1, 7, "link-broken")],
    ),
    Case(
        "schema-error-does-not-hide-body-links",
        {QM1: answer_md("judgement: Met", body="\nSee [[qm19]].\n")},
        [(QM1, 2, "schema-enum"), (QM1, 5, "link-broken")],
    ),
    Case(
        "completed-review-broken-answer-not-called-missing",
        {IDX: review_md("completed_on: 2025-06-01", status="completed")},
        [("reviews/child-test/qm07.md", 2, "schema-enum")],
        setup=all_18_answers(invalid=7),
    ),
    Case(
        "broken-files-do-not-hide-each-other",
        {
            IDX: review_md(status="draf"),
            QM1: answer_md("judgement: met", "questions:", "  q1: maybe"),
            "reviews/second/index.md": "no front matter\n",
        },
        [
            (IDX, 3, "schema-enum"),
            (QM1, 4, "schema-enum"),
            ("reviews/second/index.md", 1, "front-matter-missing"),
        ],
    ),
]


# ---------------------------------------------------------------------------
# Running a case.
# ---------------------------------------------------------------------------


def _lines_of(path: Path) -> list[str]:
    return re.split(r"\r\n|\r|\n", path.read_bytes().decode("utf-8", errors="replace"))


def _resolve(repo: Repo, expected: list[tuple[str, Line, str]]) -> list[tuple[str, int, str]]:
    resolved = []
    for path, line, rule in expected:
        if isinstance(line, str):
            lines = _lines_of(repo.root / path)
            matches = [number for number, text in enumerate(lines, 1) if line in text]
            if not matches:  # not an AssertionError: an xfail case must not hide it
                raise LookupError(f"test table error: {line!r} is not in {path}")
            line = matches[0]
        resolved.append((path, line, rule))
    return sorted(resolved)


def _prepare(repo: Repo, case: Case) -> None:
    repo.add_review(qm01=ANSWER)
    for relpath, content in case.files.items():
        repo.write(relpath, content)
    if case.setup:
        case.setup(repo)


def _run(repo: Repo) -> list[Problem]:
    try:
        return repo.check().problems
    except Exception as exc:
        # pytest.fail is not an AssertionError, so an xfail case that raises still fails.
        pytest.fail(f"the checker raised {type(exc).__name__}: {exc}")


def _param(case: Case) -> object:
    marks = []
    if case.xfail:
        marks.append(pytest.mark.xfail(strict=True, raises=AssertionError, reason=case.xfail))
    return pytest.param(case, id=case.id, marks=marks)


def test_table_is_big_and_ids_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 45


def test_valid_base_repository_is_clean(repo: Repo) -> None:
    _prepare(repo, Case("base", {}, []))
    assert _run(repo) == []


# A hang still fails (pytest-timeout); how fast the checker is belongs in `make bench`.
@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_bad_input(repo: Repo, case: Case) -> None:
    _prepare(repo, case)
    problems = _run(repo)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert "\n" not in problem.message, f"a message must be one line: {problem.message!r}"
    got = sorted((p.path, p.line, p.rule) for p in problems)
    assert got == _resolve(repo, case.expected), "\n".join(p.format() for p in problems)
    messages = "\n".join(p.message for p in problems)
    for word in case.words:
        assert word in messages, f"{word!r} not in:\n{messages}"
    if case.column is not None:
        assert [p.column for p in problems] == [case.column], "\n".join(
            p.format() for p in problems
        )
