"""Big runs: reading on two processes gives the same result, and long runs say how far they got."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ANSWER, REVIEW, ROOT, Repo
from review_records import parallel, progress
from review_records.check import checker as checker_module
from review_records.check.checker import Checker
from review_records.pages import generate
from review_records.pages.generate import generate_pages
from review_records.pages.sitemodel import SiteModel
from review_records.progress import PROGRESS_FROM, Progress
from review_records.records.frontmatter import parse_text
from review_records.settings import settings_from_mkdocs_yml


def _repo_with_mistakes(repo: Repo) -> None:
    for number in range(12):
        repo.add_review(f"child-{number:02d}", qm01=ANSWER, qm02=ANSWER)
    repo.add_review("child-bad", index=REVIEW.replace("lcspr", "lcsrp"), qm01="no front matter\n")
    repo.write("reviews/child-02/qm03.md", ANSWER.replace("judgement: met", "judgement: mett"))


@pytest.mark.parametrize("workers", [2, 3])
def test_parallel_read_gives_the_same_result(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    _repo_with_mistakes(repo)
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    alone = Checker(settings).run()
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)  # so that 40 files go to the workers
    monkeypatch.setattr(parallel, "CHUNK", 7)
    together = Checker(settings, workers=workers).run()
    assert [p.format() for p in together.problems] == [p.format() for p in alone.problems]
    assert {p.rule for p in alone.problems} >= {"schema-enum", "front-matter-missing"}
    assert together.collection.reviews.keys() == alone.collection.reviews.keys()
    assert together.files_checked == alone.files_checked


def test_answer_pages_written_on_two_processes_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sample site's pages, generated with the answer pages on workers and without."""
    result = Checker(settings_from_mkdocs_yml(ROOT / "mkdocs.yml")).run()

    def pages(workers: int) -> dict[str, str]:
        site = SiteModel.build(
            result.collection, include_drafts=False, today=dt.date(2026, 1, 1), target_months=6
        )
        return generate_pages(site, home="# Home\n", workers=workers)

    alone = pages(1)
    monkeypatch.setattr(generate, "ANSWERS_PARALLEL_FROM", 1)  # the 45 answer pages go to workers
    monkeypatch.setattr(parallel, "CHUNK", 4)
    together = pages(2)
    assert list(together.items()) == list(alone.items())  # the same pages in the same order
    assert sum(uri.startswith("reviews/") and "/qm" in uri for uri in alone) == 45


def test_parallel_read_feeds_the_memo(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild after a parallel first run re-reads only the edited file."""
    _repo_with_mistakes(repo)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    checker = Checker(settings_from_mkdocs_yml(repo.root / "mkdocs.yml"), workers=2)
    checker.run()
    # From here files are read in this process, where the reads can be counted.
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    read: list[str] = []

    def counting(path, text, sink):  # type: ignore[no-untyped-def]
        read.append(path)
        return parse_text(path, text, sink)

    monkeypatch.setattr(checker_module, "parse_text", counting)
    edited = repo.write("reviews/child-03/qm01.md", ANSWER.replace("panel", "panel again"))
    stamp = edited.stat().st_mtime_ns + 10**9
    os.utime(edited, ns=(stamp, stamp))
    checker.run()
    assert read == ["reviews/child-03/qm01.md"]


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_small_quick_runs_are_silent() -> None:
    lines: list[str] = []
    clock = _Clock()
    with Progress(lines.append, 500, "read", clock=clock) as progress:
        for _ in range(500):
            clock.now += 0.001
            progress.advance()
    assert lines == []


def test_big_runs_announce_themselves_and_report_progress() -> None:
    lines: list[str] = []
    clock = _Clock()
    total = PROGRESS_FROM * 2
    with Progress(lines.append, total, "read", clock=clock) as progress:
        for _ in range(total):
            clock.now += 0.001  # 4 s in all
            progress.advance()
    assert lines[0] == f"read {total:,} files ..."
    assert lines[-1] == f"read {total:,} files in 4.0 s"
    middle = lines[1:-1]
    assert middle and all(line.startswith("read ") and " of " in line for line in middle)


def test_a_slow_small_run_speaks_after_two_seconds() -> None:
    lines: list[str] = []
    clock = _Clock()
    with Progress(lines.append, 200, "read", clock=clock) as progress:
        for _ in range(200):
            clock.now += 0.05  # 10 s in all
            progress.advance()
    assert lines[0].startswith("read ") and "of 200 files" in lines[0]
    assert lines[-1] == "read 200 files in 10.0 s"


def test_progress_goes_to_stderr_of_check(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the real CLI: the report stays on stdout, progress on stderr."""
    from click.testing import CliRunner

    from review_records.cli import main

    _repo_with_mistakes(repo)
    monkeypatch.setattr(progress, "PROGRESS_FROM", 10)
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "review-records: read" in result.stderr
    assert "review-records: read" not in result.stdout
    assert "error" in result.stdout
    assert Path(repo.root / ".cache").exists()


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.mark.parametrize("big", [False, True])
def test_a_long_build_says_how_far_rendering_got(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, big: bool
) -> None:
    repo.add_review(qm01=ANSWER)
    if big:
        monkeypatch.setattr(progress, "PROGRESS_FROM", 5)
    handler = _Lines()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        build(load_config(str(repo.root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    rendered = [line for line in handler.lines if line.startswith("review_records: rendered ")]
    if big:
        assert rendered[0].endswith(" pages ...")
        assert rendered[-1].startswith("review_records: rendered ") and " pages in " in rendered[-1]
    else:
        assert rendered == []
