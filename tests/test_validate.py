"""check/validate.py on its own: a schema's odd corners are reported, never raised."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from review_records.check.validate import schema_problems
from review_records.problems import ProblemSink
from review_records.records.frontmatter import parse_yaml


def test_a_false_subschema_is_a_problem_not_a_traceback() -> None:
    """A project's schema may forbid a key with ``false``: its error has no keyword."""
    sink = ProblemSink("reviews/child-test/index.md")
    fm = parse_yaml("title: A\nretired: b\n", sink)
    assert fm is not None
    validator = Draft202012Validator({"type": "object", "properties": {"retired": False}})
    assert schema_problems(fm, validator, sink) is False
    assert [(p.rule, p.message) for p in sink.problems] == [
        ("schema-value", "the front matter: False schema does not allow 'b'")
    ]


def test_the_review_types_are_the_schemas() -> None:
    # `new --type`, the clock rules and the pages name them; the schema decides.
    import json

    from conftest import ROOT
    from review_records.model.review_types import REVIEW_TYPES

    schema = json.loads((ROOT / "schema" / "review.schema.json").read_text(encoding="utf-8"))
    assert list(REVIEW_TYPES) == schema["properties"]["review_type"]["enum"]
