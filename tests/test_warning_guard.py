"""The suite's guard fails a test on a warning it did not declare (tests/conftest.py).

A real pytest run, in a subprocess, of a small test file against this suite's own
conftest and marker registration: undeclared warnings (MkDocs' own and the
plugin's, from real builds) must fail their test, declared ones must not, and a
declaration that nothing matches must fail too.
"""

from __future__ import annotations

import tomllib

import pytest

from conftest import ROOT

pytest_plugins = ("pytester",)

CONFTEST = ROOT / "tests" / "conftest.py"

INNER_CONFTEST = f"""
import importlib.util

# This suite's conftest, unchanged (it finds the schemas and catalogue beside itself).
_spec = importlib.util.spec_from_file_location("suite_conftest", {str(CONFTEST)!r})
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
globals().update({{k: v for k, v in vars(_module).items() if not k.startswith("__")}})
"""

INNER_TESTS = '''
import logging

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REVIEW, Repo

PHONE = r"reviews/child-test/index\\.md:\\d+:\\d+: warning: .* \\[identifier-phone\\]$"


def _build_with_warnings(tmp_path):
    """A lenient real build that logs one plugin warning and one of MkDocs' own."""
    repo = Repo(tmp_path / "records")
    repo.add_review(index=REVIEW.replace("A fictional review", "Rang 07700 900123. A review"))
    repo.write("docs/notes.md", "# Notes\\n\\nSee [the plan](no-such-page.md).\\n")
    build(load_config(str(repo.root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))


def test_undeclared_warnings_of_a_real_build(tmp_path):
    _build_with_warnings(tmp_path)


@pytest.mark.expected_warnings(
    PHONE,
    r"^Doc file 'notes\\.md' contains a link 'no-such-page\\.md', but the target is not found",
    r"^review_records: docs/notes\\.md:3:16: warning: the link to 'no-such-page\\.md' leads to "
    r"no page of the built site \\[link-unresolved\\]$",
)
def test_declared_warnings_of_a_real_build(tmp_path):
    _build_with_warnings(tmp_path)


@pytest.mark.expected_warnings(r"^a warning no code logs$")
def test_declared_but_never_logged():
    pass


@pytest.mark.expected_warnings(r"^first$")
def test_a_second_warning_beside_the_declared_one():
    logging.getLogger("mkdocs.structure.pages").warning("first")
    logging.getLogger("mkdocs.structure.pages").warning("second")


def test_an_error_counts_too():
    logging.getLogger("mkdocs").error("broken")


def test_info_is_not_a_warning():
    logging.getLogger("mkdocs.plugins.review_records").info("checked 1 file")


@pytest.fixture(scope="module")
def shared_build():
    logging.getLogger("mkdocs").warning("from a module fixture")


@pytest.mark.expected_warnings(r"^from a module fixture$")
def test_a_module_fixture_warning_is_charged_to_its_first_test(shared_build):
    pass


def test_and_not_to_the_next(shared_build):
    pass
'''


def _run_inner(pytester: pytest.Pytester) -> pytest.RunResult:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    markers = options["tool"]["pytest"]["ini_options"]["markers"]
    lines = "".join(f"\n    {marker}" for marker in markers)
    pytester.makeini(
        f"[pytest]\naddopts = --strict-markers -p no:cacheprovider\nmarkers ={lines}\n"
    )
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner=INNER_TESTS)
    return pytester.runpytest_subprocess("-rA")


def test_only_undeclared_or_missing_warnings_fail(pytester: pytest.Pytester) -> None:
    inner = _run_inner(pytester)
    # A guard failure comes after the test body, so pytest counts the body as
    # passed and the teardown as an error: every test passes, four err.
    inner.assert_outcomes(passed=8, errors=4)
    errored = {line.split()[1] for line in inner.outlines if line.startswith("ERROR test_")}
    assert errored == {
        f"test_inner.py::{name}"
        for name in (
            "test_undeclared_warnings_of_a_real_build",
            "test_declared_but_never_logged",
            "test_a_second_warning_beside_the_declared_one",
            "test_an_error_counts_too",
        )
    }
    assert inner.ret == pytest.ExitCode.TESTS_FAILED
    # ... and each failure names what did not match.
    inner.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_undeclared_warnings_of_a_real_build*",
            "E * unexpected WARNING: review_records: reviews/child-test/*[[]identifier-phone[]]",
            "E * unexpected WARNING: Doc file 'notes.md' contains a link 'no-such-page.md'*",
            "*ERROR at teardown of test_declared_but_never_logged*",
            "E * expected a warning matching '^a warning no code logs$'; none was logged",
            "*ERROR at teardown of test_a_second_warning_beside_the_declared_one*",
            "E * unexpected WARNING: second",
            "*ERROR at teardown of test_an_error_counts_too*",
            "E * unexpected ERROR: broken",
        ]
    )
    assert "unexpected WARNING: first" not in inner.stdout.str()
