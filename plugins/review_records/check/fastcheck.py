"""A compiled fast path that says only "valid": jsonschema still explains every problem.

fastjsonschema turns a schema into Python code, many times quicker than
jsonschema's interpreter on our records (scripts/bench_check.py measures it). It
gives no positions and words its errors its own way, so it only decides; any
record it rejects is validated again by jsonschema, whose errors are the ones
reported. The fast path therefore never changes a message; it must only never
accept what jsonschema rejects, which tests/test_fastcheck.py checks on every
bad-input case and on generated data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

__all__ = ["FastCheck", "compile_fast"]

#: ``fast(data)`` is true when ``data`` is certainly valid.
FastCheck = Callable[[Any], bool]

#: Formats our schemas use; each is checked by jsonschema's own format checker,
#: so a date that jsonschema refuses (2024-02-30) is refused here too.
_FORMATS = ("date", "uri", "date-time", "email")


def compile_fast(validator: Draft202012Validator) -> FastCheck | None:
    """A quick validity test for ``validator``'s schema, or None if it cannot be compiled."""
    schema = validator.schema
    if not isinstance(schema, Mapping):  # a boolean schema: nothing to compile
        return None
    checker = validator.format_checker or Draft202012Validator.FORMAT_CHECKER
    formats = {name: _format_test(checker, name) for name in _FORMATS}
    compiled = None
    # Plain exceptions skip building a message for every anyOf branch tried (a large
    # share of the validation time); fastjsonschema 2.22 cannot compile if/then that way.
    for detailed in (False, True):
        try:
            compiled = fastjsonschema.compile(
                dict(schema),
                formats=formats,
                use_default=False,  # defaults would be written into the record's data
                detailed_exceptions=detailed,
            )
            break
        except Exception:  # a schema it cannot compile (or a bug in it) just goes the slow way
            continue
    if compiled is None:
        return None

    def fast(data: Any) -> bool:
        try:
            compiled(data)
        except Exception:  # invalid, or anything odd: jsonschema decides and explains
            return False
        return True

    return fast


def _format_test(checker: Any, name: str) -> Callable[[Any], bool]:
    def test(value: Any) -> bool:
        return bool(checker.conforms(value, name))

    return test
