"""Property tests: no input makes the reader or the checker raise, and problems point inside files.

(a) Any text or bytes between a ``---`` opener and a ``---`` closer go through
    ``parse_record`` without an exception, and every problem has a 1-based line and
    column inside the file.
(b) Any JSON-like front matter (keys often drawn from the real schemas, values often
    drawn from the real enums, slugs and dates, so that the cross-file checks run too)
    written as ``index.md`` and ``qm01.md`` never makes the checker raise, and every
    problem is reported against one of the two files written (the strategies are
    in ``tests/support/front_matter.py``).

One repository and one Checker serve every example of a test function; each example
rewrites the two files and gives them a fresh modification time, so the Checker's
cache (keyed by mtime and size) re-reads them.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Repo
from review_records.check import identifiers
from review_records.check.checker import Checker
from review_records.problems import Problem, ProblemSink
from review_records.records.frontmatter import Record, parse_record
from review_records.settings import settings_from_mkdocs_yml
from support.front_matter import (
    VALID_ANSWER,
    VALID_REVIEW,
    answer_parts,
    front_matter,
    review_parts,
)
from support.hypothesis_settings import FAST, SCALE


def _file_lines(raw: bytes) -> int:
    """How many lines an editor shows for ``raw`` (a final line end opens no new line)."""
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _assert_inside(problems: list[Problem], raw_by_path: dict[str, bytes]) -> None:
    for problem in problems:
        assert problem.path in raw_by_path, problem.format()
        assert problem.line >= 1, problem.format()
        assert problem.column >= 1, problem.format()
        raw = raw_by_path[problem.path]
        assert problem.line <= max(1, _file_lines(raw)), problem.format()
        assert problem.rule and problem.message, problem.format()


# ---------------------------------------------------------------------------
# (a) parse_record on random front matter
# ---------------------------------------------------------------------------

#: Pieces of YAML and front-matter syntax, so random text reaches deep into the parser.
YAML_TOKENS = [
    "\n", "\n", "\n", "  ", "    ", "\t", ": ", ":", "- ", "-", "? ", ",", "[", "]", "{", "}",
    "&a ", "*a", "&b ", "*b", "!!python/object:os.system ", "!!binary ", "!tag ", "!!str ",
    "'", '"', "\\", "|", "|-", ">", "#", "%YAML 1.2", "---", "...", "--- ", "\r\n", "\r",
    "\ufeff", "\x00", "\x07", "\x85", "\u2028", "\udc80", "title", "status", "questions",
    "q1", "yes", "no", "on", "~", "null", "0x1F", "0o17", "1e3", ".inf", ".nan", "2025-01-10",
    "[[qm05]]", "é", "😀",
]  # fmt: skip

yaml_like_text = st.lists(
    st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=4)), max_size=60
).map("".join)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates: invalid UTF-8


def _check_parse(middle: bytes) -> None:
    raw = b"---\n" + middle + b"\n---\nBody with [[qm05]].\n"
    sink = ProblemSink("reviews/x/index.md")
    record = parse_record(sink.path, raw, sink)
    assert record.path == sink.path
    assert record.body_line >= 1
    _assert_inside(sink.problems, {sink.path: raw})
    if record.front_matter is not None:
        for position in record.front_matter.positions():
            assert position.line >= 1 and position.column >= 1


@FAST
@given(st.text(max_size=300))
def test_parse_record_random_text(text: str) -> None:
    _check_parse(_encode(text))


@FAST
@given(st.binary(max_size=300))
def test_parse_record_random_bytes(data: bytes) -> None:
    _check_parse(data)


@settings(FAST, max_examples=600 * SCALE)
@given(yaml_like_text)
def test_parse_record_yaml_like_text(text: str) -> None:
    _check_parse(_encode(text))


# ---------------------------------------------------------------------------
# (b) the whole checker on random JSON-like front matter
# ---------------------------------------------------------------------------


class _Harness:
    """One repository and one Checker for all the examples of a test."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        repo.add_review()  # creates the review folder; both files are rewritten per example
        self.checker = Checker(settings_from_mkdocs_yml(repo.root / "mkdocs.yml"))
        self.stamp = itertools.count(1_000_000_000_000_000_000, 1_000_000_000)

    def write(self, relpath: str, raw: bytes) -> None:
        path: Path = self.repo.write(relpath, raw)
        stamp = next(self.stamp)
        os.utime(path, ns=(stamp, stamp))  # a new mtime: the Checker must re-read

    def check(self, files: dict[str, bytes]) -> list[Problem]:
        for relpath, raw in files.items():
            self.write(relpath, raw)
        return self.checker.run().problems


def _record(data: dict[str, Any], body: str, allow_unicode: bool) -> bytes:
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=allow_unicode)
    return ("---\n" + dumped + "---\n" + body).encode("utf-8", errors="surrogatepass")


@pytest.fixture
def harness(repo: Repo) -> _Harness:
    """Built once per test function; Hypothesis runs every example against it."""
    return _Harness(repo)


INDEX = "reviews/child-test/index.md"
QM01 = "reviews/child-test/qm01.md"


@settings(FAST, max_examples=200 * SCALE)
@given(
    index=front_matter(VALID_REVIEW, review_parts),
    answer=front_matter(VALID_ANSWER, answer_parts),
    allow_unicode=st.booleans(),
    body=st.sampled_from(["\nSummary.\n", "\nSee [[qm01]] and [[child-test#qm01]].\n", ""]),
)
def test_checker_never_raises_on_random_front_matter(
    harness: _Harness, index: dict[str, Any], answer: dict[str, Any], allow_unicode: bool, body: str
) -> None:
    files = {
        INDEX: _record(index, body, allow_unicode),
        QM01: _record(answer, body, allow_unicode),
    }
    problems = harness.check(files)
    _assert_inside(problems, files)


def test_harness_rereads_rewritten_files(harness: _Harness) -> None:
    """The shared Checker sees each example's files, not a cached earlier version."""
    good = _record(VALID_ANSWER, "", False)
    bad = _record({**VALID_ANSWER, "judgement": "met-"}, "", False)
    base = _record(VALID_REVIEW, "", False)
    assert harness.check({INDEX: base, QM01: good}) == []
    assert [p.rule for p in harness.check({INDEX: base, QM01: bad})] == ["schema-enum"]
    assert harness.check({INDEX: base, QM01: good}) == []


# ---------------------------------------------------------------------------
# Inputs the properties found crashing the checker (fixed since), kept as examples.
# ---------------------------------------------------------------------------


def _index_with(**values: str) -> bytes:
    """The valid review (title on line 2) with ``values`` set; new keys go after line 6."""
    data = {**VALID_REVIEW, **values}
    return ("---\n" + "".join(f"{k}: {v}\n" for k, v in data.items()) + "---\n").encode()


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        # float('.nan') raised ValueError: Python spells it 'nan'.
        pytest.param(_index_with(private="{x: .nan}"), [], id="plain-nan"),
        pytest.param(_index_with(private="{x: [.NaN, .NAN, -.inf]}"), [], id="plain-NaN-NAN-inf"),
        pytest.param(_index_with(title=".nan"), [(INDEX, 2, "schema-type")], id="plain-nan-title"),
        # int() refuses more than 4300 digits (Python 3.11+), and str() printing them too.
        pytest.param(_index_with(private="{x: " + "1" * 4301 + "}"), [], id="int-4301-digits"),
        pytest.param(
            _index_with(private="1" * 4301), [(INDEX, 7, "schema-type")], id="int-private"
        ),
        pytest.param(
            _index_with(title="0x" + "f" * 4000), [(INDEX, 2, "schema-value")], id="hex-4000-digits"
        ),
    ],
)
def test_numbers_that_crashed_the_reader(
    repo: Repo, index: bytes, expected: list[tuple[str, int, str]]
) -> None:
    repo.add_review()
    repo.write(INDEX, index)
    assert repo.problems() == expected


# (c) The identifier scan visits only lines its prefilter picks: the prefilter must
#     never skip a line where a kind's own pattern matches. The oracle runs every
#     pattern on every line, as the scan did before the prefilter existed.

IDENTIFIER_PIECES = [
    "SW1A 1AA", "GIR 0AA", "gir 0aa", "m1 1ae", "W1A 0AX", "943 476 5919", "9434765919",
    "AB 12 34 56 C", "ab123456c", "07700 900123", "+44 (0) 20 7946 0018", "+447700900123",
    "a.b@c.org", "x@y", "born", "Date of birth", "3rd April 2019", "03/04/2019",
    "3.4.19", "2019-04-03", "April 3rd, 2019", "review-records: allow postcode",
    "<!-- review-records: allow-file phone, email -->", " ", "\n", "marker 5", "-",
]  # fmt: skip


def _oracle(text: str) -> list[tuple[int, int, str]]:
    lines = text.split("\n")
    file_wide: set[str] = set()
    for line in lines:
        file_wide |= identifiers._allowed(line)[1]
    found = []
    for number, line in enumerate(lines, start=1):
        allowed = identifiers._allowed(line)[0] | file_wide
        seen: set[str] = set()
        for kind, column in sorted(identifiers._found(line), key=lambda f: f[1]):
            if kind not in allowed and kind not in seen:
                seen.add(kind)
                found.append((number, column + 1, f"identifier-{kind}"))
    return found


@settings(FAST, max_examples=600 * SCALE)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(IDENTIFIER_PIECES),
            st.text(alphabet="0123456789 AaBbDdGgIiNnRrSsTtWw@.-/+()\n", max_size=16),
        ),
        max_size=12,
    )
)
def test_identifier_prefilter_misses_nothing(pieces: list[str]) -> None:
    text = "".join(pieces)
    sink = ProblemSink("reviews/child-test/index.md")
    identifiers.identifier_problems(Record(sink.path, None, "", 1), text, sink)
    assert [(p.line, p.column, p.rule) for p in sink.problems] == _oracle(text)
