"""Bad inputs, one table: each case breaks an otherwise valid repository on purpose.

The table is ``tests/support/bad_inputs.py``. Each case runs the real checker on
its repository and compares the FULL list of ``(path, line, rule)`` problems, so a
missing or an extra problem fails the case.

Cases whose expectation follows DESIGN.md but which the checker gets wrong are
marked ``xfail(strict=True)`` with the reason; they pass once the checker is fixed.
"""

from __future__ import annotations

import pytest

from conftest import Repo
from review_records.problems import Problem
from support.bad_inputs import CASES, Case, prepare, resolve


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
    prepare(repo, Case("base", {}, []))
    assert _run(repo) == []


# A hang still fails (pytest-timeout); how fast the checker is belongs in `make bench`.
@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_bad_input(repo: Repo, case: Case) -> None:
    prepare(repo, case)
    problems = _run(repo)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert "\n" not in problem.message, f"a message must be one line: {problem.message!r}"
    got = sorted((p.path, p.line, p.rule) for p in problems)
    assert got == resolve(repo, case.expected), "\n".join(p.format() for p in problems)
    messages = "\n".join(p.message for p in problems)
    for word in case.words:
        assert word in messages, f"{word!r} not in:\n{messages}"
    if case.column is not None:
        assert [p.column for p in problems] == [case.column], "\n".join(
            p.format() for p in problems
        )
