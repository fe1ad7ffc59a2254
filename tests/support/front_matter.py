"""Hypothesis strategies for front matter that the schemas almost accept.

Keys are often drawn from the real schemas and values from the real enums, slugs
and dates, so that generated records get past the first checks and reach the
cross-file ones. ``tests/test_fuzz.py`` feeds them to the whole checker;
``tests/test_fastcheck.py`` compares the compiled fast path with jsonschema on them.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from conftest import ROOT


def _schema_keys() -> list[str]:
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("review.schema.json", "marker-answer.schema.json"):
        walk(json.loads((ROOT / "schema" / name).read_text(encoding="utf-8")))
    return sorted(keys)


SCHEMA_KEYS = _schema_keys()

#: Values the schemas and cross-checks care about, valid and almost valid.
VALUES = [
    "draft", "in-progress", "completed", "published", "draf", "lcspr", "scr", "other",
    "met", "partly-met", "not-assessed", "not-applicable", "yes", "no", "partly", "unknown",
    "maybe", "open", "done", "2025-01-10", "2024-12-31", "2026-06-01", "2024-02-30",
    "12/03/2024", "neglect", "neglet", "police", "child-test", "child-tset", "Child_Q",
    "q1", "q2", "q99", "Q1", "See [[qm19]].", "[[child-test#qm07]]", "[[child-test]]",
    "[[Child Q]]", "line one\nline two [[qm00]]\n", "",
]  # fmt: skip

keys = st.one_of(st.sampled_from(SCHEMA_KEYS), st.sampled_from(VALUES), st.text(max_size=8))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(VALUES),
)
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=12,
)
random_mapping = st.dictionaries(keys, json_like, max_size=6)

VALID_REVIEW = {
    "title": "Child Test (fictional)",
    "status": "in-progress",
    "review_type": "lcspr",
    "partnership": "Testshire Partnership (fictional)",
    "commissioned_on": "2025-01-10",
}
VALID_ANSWER = {"judgement": "met", "questions": {"q1": "yes"}}


value = st.sampled_from(VALUES)
words = st.lists(value, max_size=3)

#: Review keys with the shapes the schema wants and values that are often wrong.
review_parts = st.fixed_dictionaries(
    {},
    optional={
        "status": value,
        "completed_on": value,
        "published_on": value,
        "themes": words,
        "agencies": words,
        "related": words,
        "findings": st.lists(
            st.fixed_dictionaries(
                {"title": value}, optional={"detail": value, "themes": words, "x": value}
            ),
            max_size=3,
        ),
    },
)
#: Answer keys likewise: questions with words or {answer, note}, actions.
answer_parts = st.fixed_dictionaries(
    {},
    optional={
        "judgement": value,
        "questions": st.dictionaries(
            st.sampled_from(["q1", "q2", "q99", "Q1", "q01"]),
            st.one_of(
                value,
                st.fixed_dictionaries({"answer": value}, optional={"note": value, "notes": value}),
            ),
            max_size=3,
        ),
        "actions": st.lists(
            st.fixed_dictionaries(
                {}, optional=dict.fromkeys(("action", "owner", "due", "status"), value)
            ),
            max_size=2,
        ),
        "assessed_on": value,
    },
)


def front_matter(
    base: dict[str, Any], parts: st.SearchStrategy[dict[str, Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """Random mappings, or a valid record with some keys changed, randomly or by shape."""
    return st.one_of(
        random_mapping,
        random_mapping.map(lambda extra: {**base, **extra}),
        parts.map(lambda extra: {**base, **extra}),
    )
