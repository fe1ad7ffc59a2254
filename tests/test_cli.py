"""`review-records check|new|schema` through click's runner, on exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ANSWER, REVIEW, Repo
from review_records.cli import main

BAD_STATUS = REVIEW.replace("status: in-progress", "status: draf")


def run(repo: Repo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, [args[0], "-f", str(repo.root / "mkdocs.yml"), *args[1:]], catch_exceptions=False
    )
    return result.exit_code, result.output


def test_clean_repository_exits_zero(repo: Repo) -> None:
    repo.add_review(qm01=ANSWER)
    assert run(repo, "check") == (0, "checked 22 files: no problems\n")


def test_text_format_is_one_line_per_problem_sorted(repo: Repo) -> None:
    repo.add_review("b-review", index=BAD_STATUS)
    repo.add_review("a-review", index=REVIEW.replace("[neglect]", "[neglct]"))
    code, output = run(repo, "check")
    assert code == 1
    assert output == (
        "reviews/a-review/index.md:7:10: error: 'neglct' is not a known theme in "
        "schema/vocabulary.yml; did you mean 'neglect'? [vocabulary]\n"
        "reviews/b-review/index.md:3:9: error: 'draf' is not allowed for status; use one of: "
        "draft, in-progress, completed, published; did you mean 'draft'? [schema-enum]\n"
        "checked 22 files: 2 errors\n"
    )


def test_json_format(repo: Repo) -> None:
    repo.add_review(index=BAD_STATUS)
    code, output = run(repo, "check", "--format", "json")
    assert code == 1
    assert json.loads(output) == [
        {
            "path": "reviews/child-test/index.md",
            "line": 3,
            "column": 9,
            "severity": "error",
            "rule": "schema-enum",
            "message": "'draf' is not allowed for status; use one of: draft, in-progress, "
            "completed, published; did you mean 'draft'?",
        }
    ]


def test_github_format_escapes_properties(repo: Repo) -> None:
    repo.add_review(index=BAD_STATUS)
    code, output = run(repo, "check", "--format", "github")
    assert code == 1
    assert output.splitlines() == [
        "::error file=reviews/child-test/index.md,line=3,col=9,title=schema-enum::"
        "'draf' is not allowed for status; use one of: draft, in-progress, completed, "
        "published; did you mean 'draft'?",
        "checked 21 files: 1 error",
    ]


def test_paths_restrict_the_report(repo: Repo) -> None:
    repo.add_review("a-review", index=BAD_STATUS)
    repo.add_review("b-review", index=BAD_STATUS)
    code, output = run(repo, "check", str(repo.root / "reviews" / "b-review"))
    assert code == 1
    assert output.startswith("reviews/b-review/index.md:3:9: error:")
    assert "a-review" not in output


def test_missing_path_is_a_usage_error(repo: Repo) -> None:
    code, output = run(repo, "check", str(repo.root / "nowhere"))
    assert code == 2
    assert "nowhere does not exist" in output


def test_missing_schema_folder_is_a_setup_error(repo: Repo) -> None:
    (repo.root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - review-records:\n      schema_dir: nope\n", encoding="utf-8"
    )
    code, output = run(repo, "check")
    assert code == 2
    assert output == "review-records: error: schema_dir: folder 'nope' does not exist\n"


def test_unknown_plugin_option_is_a_setup_error(repo: Repo) -> None:
    (repo.root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - review-records:\n      review_dir: x\n", encoding="utf-8"
    )
    code, output = run(repo, "check")
    assert code == 2
    assert "unknown review-records option(s): review_dir" in output


def test_schema_prints_json(repo: Repo) -> None:
    code, output = run(repo, "schema", "answer")
    assert code == 0
    assert json.loads(output)["$id"].endswith("marker-answer.schema.json")


def test_new_scaffold_passes_check_and_never_overwrites(repo: Repo) -> None:
    code, output = run(repo, "new", "child-new", "--title", "Child New (fictional)")
    assert (code, output) == (0, "created reviews/child-new/ with 19 files\n")
    assert run(repo, "check") == (0, "checked 39 files: no problems\n")
    folder = repo.root / "reviews" / "child-new"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, output = run(repo, "new", "child-new", "--title", "Other")
    assert code == 2
    assert "already exists; nothing was changed" in output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    qm04 = (folder / "qm04.md").read_text(encoding="utf-8")
    assert "judgement: not-assessed" in qm04
    assert "  q1: unknown  # " in qm04


@pytest.mark.parametrize("bad_id", ["Child_Q", "../escape", "a/b", "_lead", "x" * 64])
def test_new_refuses_invalid_ids(repo: Repo, bad_id: str) -> None:
    code, output = run(repo, "new", bad_id, "--title", "X")
    assert code == 2
    assert "not a valid review id" in output
    assert list((repo.root / "reviews").iterdir()) == []


def test_strict_fails_on_warnings_only(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER)
    assert run(repo, "check", "--strict")[0] == 0


def test_checker_rereads_only_changed_files_and_follows_schema_edits(repo: Repo) -> None:
    """One Checker across runs (as under `mkdocs serve`) sees every edit."""
    import os
    import time

    from review_records.check.checker import Checker
    from review_records.settings import settings_from_mkdocs_yml

    repo.add_review(qm01=ANSWER)
    checker = Checker(settings_from_mkdocs_yml(repo.root / "mkdocs.yml"))
    assert checker.run().problems == []
    path = repo.write(
        "reviews/child-test/qm01.md", ANSWER.replace("judgement: met", "judgement: mett")
    )
    assert [p.rule for p in checker.run().problems] == ["schema-enum"]
    schema = repo.root / "schema" / "marker-answer.schema.json"
    text = schema.read_text(encoding="utf-8").replace('"not-assessed"]', '"not-assessed", "mett"]')
    schema.write_text(text, encoding="utf-8")
    future = time.time_ns() + 10**9
    os.utime(schema, ns=(future, future))
    assert checker.run().problems == []
    assert path.exists()


def test_json_format_exact_text(repo: Repo) -> None:
    repo.add_review(index=BAD_STATUS)
    code, output = run(repo, "check", "--format", "json")
    assert code == 1
    assert output == (
        "[\n"
        "  {\n"
        '    "path": "reviews/child-test/index.md",\n'
        '    "line": 3,\n'
        '    "column": 9,\n'
        '    "severity": "error",\n'
        '    "rule": "schema-enum",\n'
        '    "message": "\'draf\' is not allowed for status; use one of: draft, in-progress, '
        "completed, published; did you mean 'draft'?\"\n"
        "  }\n"
        "]\n"
    )


def test_json_format_without_problems_is_an_empty_list(repo: Repo) -> None:
    repo.add_review(qm01=ANSWER)
    assert run(repo, "check", "--format", "json") == (0, "[]\n")


def test_github_format_escapes_data_and_reports_warnings() -> None:
    from review_records.check.report import github_report
    from review_records.problems import Problem, Severity

    problems = [
        Problem("reviews/a,b:c/index.md", 2, 3, Severity.WARNING, "r:1,x", "50% done\r\nnext"),
        Problem("reviews/a/qm01.md", 1, 1, Severity.ERROR, "rule", "value 'x: y'"),
    ]
    assert github_report(problems, 2) == (
        "::warning file=reviews/a%2Cb%3Ac/index.md,line=2,col=3,title=r%3A1%2Cx::"
        "50%25 done%0D%0Anext\n"
        "::error file=reviews/a/qm01.md,line=1,col=1,title=rule::value 'x: y'\n"
        "checked 2 files: 1 error, 1 warning\n"
    )
