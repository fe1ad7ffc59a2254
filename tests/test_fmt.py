"""`review-records fmt`: house style for front matter, never a changed value, comment or body."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ANSWER, REVIEW, ROOT, Repo
from review_records.cli import main
from review_records.edit.fmt import format_text, record_orders
from review_records.problems import ProblemSink
from review_records.records.frontmatter import parse_record

ORDERS = record_orders(ROOT / "schema")


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, [args[0], "-f", str(root / "mkdocs.yml"), *args[1:]], catch_exceptions=False
    )
    return result.exit_code, result.output


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


def data(text: str) -> tuple[object, str]:
    sink = ProblemSink("x.md")
    record = parse_record("x.md", text.encode("utf-8"), sink)
    assert sink.problems == []
    assert record.front_matter is not None
    return record.front_matter.data, record.body


MESSY = (
    "\ufeff---\r\n"
    "# Marker 04 (fictional test)\r\n"
    "assessed_on: 2025-02-01\r\n"
    "questions:\r\n"
    "  q10: yes\r\n"
    "  \"q2\": 'partly'  # why partly\r\n"
    "  q1:\r\n"
    "    note: 'It''s noted: \"quoted\"'\r\n"
    "    answer: no\r\n"
    "evidence: ['Panel minutes (fictional)', \"123\", \"true\", 'yes']\r\n"
    'judgement: "met"\r\n'
    "---\r\n"
    "Body 'stays'   exactly\r\n"
    "  as: 'it was'\r\n"
)

MESSY_FORMATTED = (
    "\ufeff---\r\n"
    "# Marker 04 (fictional test)\r\n"
    "judgement: met\r\n"
    "questions:\r\n"
    "  q1:\r\n"
    "    answer: no\r\n"
    '    note: "It\'s noted: \\"quoted\\""\r\n'
    "  q2: partly      # why partly\r\n"
    "  q10: yes\r\n"
    'evidence: ["Panel minutes (fictional)", "123", "true", yes]\r\n'
    "assessed_on: 2025-02-01\r\n"
    "---\r\n"
    "Body 'stays'   exactly\r\n"
    "  as: 'it was'\r\n"
)


def test_messy_answer_gets_house_style_keeping_bom_crlf_body_comments() -> None:
    result = format_text("x.md", MESSY, ORDERS["answer"])
    assert result.problems == []
    assert result.text == MESSY_FORMATTED
    assert data(MESSY) == data(MESSY_FORMATTED)


def test_formatted_text_is_left_alone() -> None:
    result = format_text("x.md", MESSY_FORMATTED, ORDERS["answer"])
    assert (result.changed, result.text, result.problems) == (False, None, [])


def test_samples_catalogue_and_scaffold_are_already_formatted(sample_repo: Path) -> None:
    code, output = run(sample_repo, "new", "child-fmt", "--title", "Child Fmt (fictional)")
    assert code == 0, output
    before = digest(sample_repo)
    assert run(sample_repo, "fmt", "--check") == (0, "89 files checked: 0 would reformat\n")
    assert run(sample_repo, "fmt") == (0, "89 files checked: 0 reformatted\n")
    assert digest(sample_repo) == before


def test_fmt_rewrites_and_check_reports_without_writing(repo: Repo) -> None:
    path = repo.write("reviews/child-test/index.md", REVIEW)
    answer = repo.write("reviews/child-test/qm04.md", MESSY.encode("utf-8"))
    assert path.read_text(encoding="utf-8") == REVIEW
    code, output = run(repo.root, "fmt", "--check")
    assert (code, output) == (
        1,
        "would reformat reviews/child-test/qm04.md\n20 files checked: 1 would reformat\n",
    )
    assert answer.read_bytes() == MESSY.encode("utf-8")
    mode = 0o640
    answer.chmod(mode)
    code, output = run(repo.root, "fmt", str(repo.root / "reviews" / "child-test"))
    assert (code, output) == (
        0,
        "reformatted reviews/child-test/qm04.md\n2 files checked: 1 reformatted\n",
    )
    assert answer.read_bytes() == MESSY_FORMATTED.encode("utf-8")
    assert answer.stat().st_mode & 0o777 == mode
    names = sorted(p.name for p in answer.parent.iterdir())
    assert names == ["index.md", "qm04.md"], "no temporary left"
    assert run(repo.root, "fmt", "--check")[0] == 0


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("---\njudgement: met\njudgement: met\n---\n", "yaml-duplicate-key"),
        ("---\njudgement: [met\n---\n", "yaml-syntax"),
        ("---\nevidence: 'x'\n", "front-matter-unclosed"),
        ("---\nassessed_on: 2025-02-30\nevidence: 'x'\n---\n", "fmt-unreadable"),
    ],
)
def test_files_with_front_matter_errors_are_reported_and_never_written(
    repo: Repo, text: str, rule: str
) -> None:
    path = repo.write("reviews/child-test/qm01.md", text.encode("utf-8"))
    code, output = run(repo.root, "fmt", str(path))
    assert code == 1
    assert output.startswith("reviews/child-test/qm01.md:")
    assert output.splitlines()[0].endswith(f"[{rule}]")
    assert output.endswith("1 file checked: 0 reformatted, 1 left as is with problems\n")
    assert path.read_bytes() == text.encode("utf-8")


def test_unknown_keys_follow_known_ones_and_marker_questions_keep_their_order() -> None:
    review = "---\nzeta: 1\ntitle: 'T'\nalpha: 2\nstatus: draft\n---\n"
    assert format_text("x.md", review, ORDERS["review"]).text == (
        '---\ntitle: "T"\nstatus: draft\nzeta: 1\nalpha: 2\n---\n'
    )
    marker = '---\nquestions:\n  q2: "Second?"\n  q1: "First?"\ntitle: Referral\n---\n'
    assert format_text("x.md", marker, ORDERS["marker"]).text == (
        '---\ntitle: Referral\nquestions:\n  q2: "Second?"\n  q1: "First?"\n---\n'
    )


def test_nested_orders_come_from_the_schema() -> None:
    text = (
        "---\n"
        "actions:\n"
        "  - status: open   # still open\n"
        "    due: 2030-01-31\n"
        "    owner: 'Business manager'\n"
        "    action: Update the form\n"
        "judgement: met\n"
        "---\n"
    )
    assert format_text("x.md", text, ORDERS["answer"]).text == (
        "---\n"
        "judgement: met\n"
        "actions:\n"
        "  - action: Update the form\n"
        '    owner: "Business manager"\n'
        "    due: 2030-01-31\n"
        "    status: open   # still open\n"
        "---\n"
    )


_WORDS = st.sampled_from(
    ["yes", "no", "on", "unknown", "123", "0x1f", "true", "null", "2025-01-02", "a: b", "it's", ""]
)
_STYLES = st.sampled_from(["plain", "single", "double"])


def _scalar(word: str, style: str) -> str:
    if style == "single" or (style == "plain" and (":" in word or "'" in word or not word)):
        return "'" + word.replace("'", "''") + "'"
    if style == "double":
        return '"' + word.replace('"', '\\"') + '"'
    return word


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    order=st.permutations(["judgement", "questions", "evidence", "assessed_on"]),
    words=st.lists(st.tuples(_WORDS, _STYLES), min_size=3, max_size=3),
    comment=st.booleans(),
)
def test_fmt_never_changes_a_value_and_is_idempotent(
    order: list[str], words: list[tuple[str, str]], comment: bool
) -> None:
    blocks = {
        "judgement": ["judgement: met" + ("  # a comment" if comment else "")],
        "questions": ["questions:", "  q2: " + _scalar(*words[0]), "  q1: yes"],
        "evidence": ["evidence:", *(f"  - {_scalar(*word)}" for word in words[1:])],
        "assessed_on": ["assessed_on: " + _scalar("2025-01-02", words[2][1])],
    }
    text = "---\n" + "\n".join(line for key in order for line in blocks[key]) + "\n---\nBody\n"
    first = format_text("x.md", text, ORDERS["answer"])
    assert first.problems == []
    formatted = first.text if first.changed else text
    assert formatted is not None
    assert data(formatted) == data(text)
    assert ("# a comment" in formatted) == comment
    second = format_text("x.md", formatted, ORDERS["answer"])
    assert (second.changed, second.problems) == (False, [])


def test_answer_from_conftest_is_formatted() -> None:
    assert format_text("x.md", ANSWER, ORDERS["answer"]).changed is False


def test_only_order_and_quoting_count_spacing_is_the_authors() -> None:
    """A file in order and quoted as the style says is never rewritten, whatever its spacing."""
    text = '---\njudgement:   met\nevidence:\n- "Minutes (fictional)"\n- {a:  b}\n---\n'
    assert format_text("x.md", text, ORDERS["answer"]).changed is False
    swapped = '---\nevidence:\n- "Minutes (fictional)"\njudgement:   met\n---\n'
    result = format_text("x.md", swapped, ORDERS["answer"])
    # A file that is rewritten gets the standard spacing too.
    assert result.text == '---\njudgement: met\nevidence:\n  - "Minutes (fictional)"\n---\n'
