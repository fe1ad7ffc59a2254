"""Shared fixtures: tiny records repositories on disk, checked and built for real."""

from __future__ import annotations

import logging
import re
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from review_records.check.checker import Checker, CheckResult
from review_records.settings import settings_from_mkdocs_yml

ROOT = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test records
docs_dir: docs
theme:
  name: mkdocs
  highlightjs: false
plugins:
  - review-records
"""

REVIEW = """\
---
title: Child Test (fictional)
status: in-progress
review_type: lcspr
partnership: Testshire Safeguarding Children Partnership (fictional)
commissioned_on: 2025-01-10
themes: [neglect]
agencies: [police]
---

## Summary

A fictional review for tests. See [[qm01]].
"""

ANSWER = """\
---
judgement: met
questions:
  q1: yes
evidence:
  - Agency chronology (fictional)
actions:
  - action: Update the referral form
    owner: Partnership business manager
    due: 2030-01-31
    status: open
assessed_on: 2025-02-01
---

## Notes

Discussed at the panel.
"""


class Repo:
    """A records repository in a temporary folder, with the real catalogue and schemas."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for folder in ("schema", "markers"):
            shutil.copytree(ROOT / folder, root / folder)
        (root / "reviews").mkdir()
        (root / "docs").mkdir()
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")

    def write(self, relpath: str, text: str | bytes) -> Path:
        """Write a file (dedented text, or raw bytes as given)."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8", newline="\n")
        return path

    def add_review(
        self, review_id: str = "child-test", index: str = REVIEW, **answers: str
    ) -> None:
        """Write a review folder: ``index.md`` plus ``qmNN=text`` answer files."""
        self.write(f"reviews/{review_id}/index.md", index)
        for name, text in answers.items():
            self.write(f"reviews/{review_id}/{name}.md", text)

    def check(self) -> CheckResult:
        """Run the real checker over the folder."""
        return Checker(settings_from_mkdocs_yml(self.root / "mkdocs.yml")).run()

    def problems(self) -> list[tuple[str, int, str]]:
        """(path, line, rule) of every problem, in report order."""
        return [(p.path, p.line, p.rule) for p in self.check().problems]


def build_site(root: Path, site_name: str = "site", **overrides: object) -> Path:
    """A real strict ``mkdocs build`` of the repository at ``root`` into ``root/site_name``."""
    site = root / site_name
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(site), **overrides)
    build(config)
    return site


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """An empty records repository with the real catalogue, schemas and vocabulary."""
    return Repo(tmp_path / "records")


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    """A copy of this project's own records repository (the fictional samples)."""
    target = tmp_path / "samples"
    target.mkdir()
    for folder in ("docs", "reviews", "markers", "schema", "overrides"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


class _Collector(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def mkdocs_warnings() -> Iterator[list[str]]:
    """Warnings that MkDocs and plugins log during the test, as messages (live list)."""
    messages: list[str] = []
    handler = _Collector(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


# ---------------------------------------------------------------------------
# Every test fails on a warning it did not declare (#16).
# ---------------------------------------------------------------------------

#: MkDocs, its plugins and this one (``get_plugin_logger`` names it ``mkdocs.plugins.…``).
WATCHED_LOGGER = "mkdocs"


class _Records(logging.Handler):
    """WARNING-or-above records logged under ``mkdocs`` since the last test ended."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        taken, self.records = self.records, []
        return taken


@pytest.fixture(scope="session", autouse=True)
def _logged_warnings() -> Iterator[_Records]:
    # Session-wide, so that a module-scoped fixture's build (set up before any
    # function-scoped fixture) is charged to the test that first asked for it.
    handler = _Records()
    logger = logging.getLogger(WATCHED_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def unexpected_warnings(records: list[logging.LogRecord], patterns: list[str]) -> list[str]:
    """What is wrong: records no pattern matches, and patterns that matched no record."""
    wrong = [
        f"unexpected {r.levelname}: {r.getMessage()}"
        for r in records
        if not any(re.search(p, r.getMessage()) for p in patterns)
    ]
    wrong += [
        f"expected a warning matching {p!r}; none was logged"
        for p in patterns
        if not any(re.search(p, r.getMessage()) for r in records)
    ]
    return wrong


@pytest.fixture(autouse=True)
def _fail_on_unexpected_warnings(
    request: pytest.FixtureRequest, _logged_warnings: _Records
) -> Iterator[None]:
    """Fail a test that logs a WARNING or ERROR it does not declare.

    Declare with ``@pytest.mark.expected_warnings(r"regex", ...)``: each regex
    (``re.search`` on the message) must match a logged record, and each record
    must match a regex, so a declaration cannot outlive the warning it names.
    """
    yield
    patterns = [p for mark in request.node.iter_markers("expected_warnings") for p in mark.args]
    wrong = unexpected_warnings(_logged_warnings.take(), patterns)
    if wrong:
        pytest.fail("\n".join(["warnings logged under 'mkdocs' did not match:", *wrong]))
