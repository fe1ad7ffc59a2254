"""The compiled fast path and jsonschema agree on valid and invalid, so messages never change.

The checker asks fastjsonschema first and jsonschema only when the fast path says
no. Were the fast path ever to accept what jsonschema rejects, a problem would go
unreported; these tests compare both on every record of every bad-input case, on
generated front matter, and on the sample records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, Repo
from review_records.check.fastcheck import compile_fast
from review_records.check.schemas import Schemas, load_schemas
from review_records.problems import ProblemSink
from review_records.records.frontmatter import parse_record
from support.bad_inputs import CASES, Case, prepare
from support.front_matter import (
    VALID_ANSWER,
    VALID_REVIEW,
    answer_parts,
    front_matter,
    random_mapping,
    review_parts,
)
from support.hypothesis_settings import FAST

SCHEMAS = load_schemas(ROOT / "schema")
#: id(validator) → (validator, fast check); holding the validator keeps its id unique.
_COMPILED: dict[int, Any] = {}


def _kind(relpath: str) -> str:
    if relpath.startswith("markers/"):
        return "marker"
    return "review" if relpath.endswith("/index.md") else "answer"


def _assert_agree(schemas: Schemas, kind: str, data: Any) -> None:
    validator = getattr(schemas, kind)
    if id(validator) not in _COMPILED:
        _COMPILED[id(validator)] = (validator, compile_fast(validator))
    fast = _COMPILED[id(validator)][1]
    assert fast is not None, f"the {kind} schema must compile"
    assert fast(data) == validator.is_valid(data), (kind, data)


def _front_matters(root: Path) -> list[tuple[str, Any]]:
    found = []
    for path in sorted(root.rglob("*.md")):
        relpath = path.relative_to(root).as_posix()
        if not relpath.startswith(("reviews/", "markers/")):
            continue
        record = parse_record(relpath, path.read_bytes(), ProblemSink(relpath))
        if record.front_matter is not None:
            found.append((relpath, record.front_matter.data))
    return found


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_agree_on_bad_input_cases(repo: Repo, case: Case) -> None:
    prepare(repo, case)
    schemas = load_schemas(repo.root / "schema")
    for relpath, data in _front_matters(repo.root):
        _assert_agree(schemas, _kind(relpath), data)


def test_agree_on_the_samples() -> None:
    records = _front_matters(ROOT)
    assert len(records) > 18
    for relpath, data in records:
        _assert_agree(SCHEMAS, _kind(relpath), data)


def test_rejects_an_impossible_date() -> None:
    """The format checks are jsonschema's own: a pattern alone would accept 30 February."""
    fast = compile_fast(SCHEMAS.answer)
    assert fast is not None
    assert fast({"judgement": "met", "assessed_on": "2024-02-29"})
    assert not fast({"judgement": "met", "assessed_on": "2024-02-30"})


def test_does_not_write_defaults_into_the_data() -> None:
    fast = compile_fast(SCHEMAS.answer)
    assert fast is not None
    data = {"judgement": "met"}
    fast(data)
    assert data == {"judgement": "met"}


@settings(FAST)
@given(front_matter(VALID_REVIEW, review_parts))
def test_agree_on_generated_reviews(data: dict[str, Any]) -> None:
    _assert_agree(SCHEMAS, "review", data)


@settings(FAST)
@given(front_matter(VALID_ANSWER, answer_parts))
def test_agree_on_generated_answers(data: dict[str, Any]) -> None:
    _assert_agree(SCHEMAS, "answer", data)


@settings(FAST)
@given(st.one_of(random_mapping, st.builds(dict)))
def test_agree_on_generated_markers(data: dict[str, Any]) -> None:
    _assert_agree(SCHEMAS, "marker", data)
