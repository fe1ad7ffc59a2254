"""The editing workflow: focused checks, the pre-commit hooks and the pull-request workflow.

The hooks and the workflow are tested by running the commands their YAML declares,
as subprocesses, in copies of real repositories.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ANSWER, REVIEW, ROOT, Repo
from review_records.check.checker import Checker
from review_records.check.selection import focus
from review_records.records.sources import discover
from review_records.settings import settings_from_mkdocs_yml
from support.bad_inputs import CASES, Case, prepare

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, shell=True, cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )


# --- focused check ------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in CASES if not c.xfail], ids=lambda c: c.id)
def test_focused_check_reports_what_the_full_check_reports(repo: Repo, case: Case) -> None:
    """For every file of every bad input, `check FILE` finds that file's problems exactly."""
    prepare(repo, case)
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    checker = Checker(settings)
    layout = discover(settings)
    everything = checker.run(layout).problems
    paths = {source.relpath for source in layout.files()} | {p.path for p in everything}
    for path in sorted(p for p in paths if p.startswith("reviews/")):
        focused = focus(layout, [path])
        assert focused is not None
        got = [p for p in checker.run(focused).problems if p.path == path]
        assert got == [p for p in everything if p.path == path], path


def test_focused_check_reads_linked_reviews_and_only_those(repo: Repo) -> None:
    repo.add_review("child-draft", index=REVIEW.replace("status: in-progress", "status: draft"))
    repo.add_review("child-other", qm01=ANSWER)
    repo.add_review("child-unrelated", qm01=ANSWER)
    body = "See [[child-draft]] and [[child-other#qm05]].\n"
    repo.add_review(index=REVIEW.replace("See [[qm01]].", body))
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    focused = focus(discover(settings), ["reviews/child-test/index.md"])
    assert focused is not None
    assert [folder.id for folder in focused.reviews] == ["child-draft", "child-other", "child-test"]
    assert [(p.line, p.rule) for p in Checker(settings).run(focused).problems] == [
        (13, "link-draft"),
        (13, "link-broken"),
    ]
    assert focus(discover(settings), ["reviews"]) is None, "a folder of all reviews is all"


# --- pre-commit ---------------------------------------------------------------------------


def _hooks(path: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):  # .pre-commit-config.yaml
        data = [hook for repo in data["repos"] for hook in repo["hooks"]]
    return {hook["id"]: hook for hook in data}


def test_hook_manifest_declares_the_hooks() -> None:
    hooks = _hooks(ROOT / ".pre-commit-hooks.yaml")
    assert sorted(hooks) == [
        "review-records-check",
        "review-records-check-all",
        "review-records-fmt",
    ]
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= hook.keys()
        assert hook["language"] == "python"
    files = re.compile(str(hooks["review-records-check"]["files"]))
    assert files.search("reviews/child-t/qm05.md")
    assert files.search("markers/qm05-clarity-of-purpose.md")
    assert not files.search("docs/guide/index.md")
    assert hooks["review-records-check-all"]["pass_filenames"] is False


def _run_hook(
    hook: dict[str, object], root: Path, files: list[str]
) -> subprocess.CompletedProcess[str]:
    # pre-commit appends args, then the file names, to the entry.
    entry = str(hook["entry"]).replace(".venv/bin/", "")
    args = [str(arg) for arg in hook.get("args", [])]  # type: ignore[attr-defined]
    if hook.get("pass_filenames", True) is False:
        files = []
    command = " ".join([entry, *map(shlex.quote, args), *map(shlex.quote, files)])
    return _shell(command, root)


@pytest.mark.parametrize("manifest", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_check_hook_runs_check_on_the_files_it_is_given(repo: Repo, manifest: str) -> None:
    hook = _hooks(ROOT / manifest)["review-records-check"]
    repo.add_review("child-good", qm01=ANSWER)
    repo.add_review("child-bad", qm01=ANSWER.replace("judgement: met", "judgement: mett"))
    good = _run_hook(hook, repo.root, ["reviews/child-good/qm01.md"])
    assert (good.returncode, good.stdout) == (0, "checked 22 files: no problems\n")
    bad = _run_hook(hook, repo.root, ["reviews/child-good/index.md", "reviews/child-bad/qm01.md"])
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [
        "reviews/child-bad/qm01.md:2:12: error: 'mett' is not allowed for judgement; use one of: "
        "met, partly-met, not-met, not-applicable, not-assessed; did you mean 'met'? "
        "[schema-enum]",
        "checked 24 files: 1 error",
    ]
    assert bad.stderr == ""


def test_fmt_hook_formats_the_files_it_is_given(repo: Repo) -> None:
    hook = _hooks(ROOT / ".pre-commit-hooks.yaml")["review-records-fmt"]
    path = repo.write(
        "reviews/child-test/qm01.md", ANSWER.replace("judgement: met", "judgement: 'met'")
    )
    result = _run_hook(hook, repo.root, ["reviews/child-test/qm01.md"])
    assert (result.returncode, result.stdout) == (
        0,
        "reformatted reviews/child-test/qm01.md\n1 file checked: 1 reformatted\n",
    )
    assert path.read_text(encoding="utf-8") == ANSWER


# --- the pull-request workflow ------------------------------------------------------------


def _workflow_steps() -> list[dict[str, object]]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "records.yml").read_text("utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert workflow[True] == {"pull_request": None, "push": {"branches": ["main"]}}
    return list(workflow["jobs"]["records"]["steps"])


def test_workflow_checks_builds_and_uploads_the_site() -> None:
    steps = _workflow_steps()
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [
        'python -m pip install -c requirements/constraints.txt -e ".[site]"',
        "review-records check --format github",
        "mkdocs build --strict --site-dir site",
        "review-records fmt --check",
    ]
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload"))
    assert upload["with"]["path"] == "site/"  # type: ignore[index]


def test_workflow_commands_run_here(sample_repo: Path) -> None:
    """Every command after the install step passes on the samples, and leaves the site."""
    for command in [step["run"] for step in _workflow_steps() if "run" in step][1:]:
        result = _shell(str(command), sample_repo)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert (sample_repo / "site" / "index.html").is_file()


def test_workflow_check_annotates_the_offending_line(repo: Repo) -> None:
    repo.add_review(index=REVIEW.replace("[police]", "[polise]"))
    result = _shell("review-records check --format github", repo.root)
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=reviews/child-test/index.md,line=8,col=12,title=vocabulary::"
        "'polise' is not a known agency in schema/vocabulary.yml; did you mean 'police'?\n"
        "checked 21 files: 1 error\n"
    )


# --- the scaffold ----------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(root.rglob("*"))
    }


def _new(repo: Repo, *args: str) -> subprocess.CompletedProcess[str]:
    return _shell(" ".join(["review-records new", *map(shlex.quote, args)]), repo.root)


@pytest.mark.parametrize(
    ("review_id", "message"),
    [
        ("child-done", "already exists; nothing was changed"),
        ("child-file", "already exists; nothing was changed"),
        ("child-link", "already exists; nothing was changed"),
        ("../outside", "not a valid review id"),
        ("reviews/child-x", "not a valid review id"),
        ("/tmp/child-x", "not a valid review id"),
        ("Child-X", "not a valid review id"),
    ],
)
def test_new_refuses_and_leaves_everything_as_it_was(
    repo: Repo, review_id: str, message: str
) -> None:
    repo.add_review("child-done", qm01=ANSWER)
    repo.write("reviews/child-file", "not a folder\n")
    (repo.root / "reviews" / "child-link").symlink_to(repo.root / "docs")
    before = _tree(repo.root)
    result = _new(repo, review_id, "--title", "Child X (fictional)")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("review-records: error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(repo.root) == before, "nothing written, not even a hidden staging folder"


def test_new_lists_every_question_beside_its_key_and_passes_check(repo: Repo) -> None:
    assert _new(repo, "child-new", "--title", "Child New (fictional)").returncode == 0
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    markers = Checker(settings).run().collection.markers
    folder = repo.root / "reviews" / "child-new"
    for number, marker in markers.items():
        lines = (folder / f"qm{number:02d}.md").read_text(encoding="utf-8").splitlines()
        assert "judgement: not-assessed" in lines
        for qid, question in marker.questions.items():
            assert f"  {qid}: unknown  # {' '.join(question.split())}" in lines
    after_first = _tree(repo.root)
    again = _new(repo, "child-new", "--title", "Child New (fictional)")
    assert again.returncode == 2
    assert _tree(repo.root) == after_first, "running new again changes nothing"
    assert _shell("review-records check", repo.root).returncode == 0
    assert _shell("review-records fmt --check", repo.root).returncode == 0


# --- the guide ------------------------------------------------------------------------------


def test_editor_task_problem_matcher_reads_check_output(repo: Repo) -> None:
    """The VS Code task documented in the guide parses what check prints."""
    import json

    guide = (ROOT / "docs" / "guide" / "writing-a-record.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?\"tasks\".*?)```", guide, re.DOTALL)
    assert block is not None
    task = json.loads(textwrap.dedent(block.group(1)))["tasks"][0]
    assert task["command"] == "review-records check ${relativeFile}"
    pattern = task["problemMatcher"]["pattern"]
    repo.add_review(index=REVIEW.replace("status: in-progress", "status: draf"))
    output = _shell("review-records check reviews/child-test/index.md", repo.root).stdout
    match = re.match(pattern["regexp"], output.splitlines()[0])
    assert match is not None
    assert [match.group(pattern[k]) for k in ("file", "line", "column", "severity")] == [
        "reviews/child-test/index.md",
        "3",
        "9",
        "error",
    ]
    assert match.group(pattern["message"]).endswith("did you mean 'draft'? [schema-enum]")


def test_guide_is_the_last_nav_section_and_lists_its_pages() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"][-1] == {"Guide": "guide/index.md"}
    index = (ROOT / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
    for page in re.findall(r"\]\(([a-z-]+\.md)\)", index):
        assert (ROOT / "docs" / "guide" / page).is_file(), page
