"""Pure JSON Schema validation: front matter and validator in, problems at lines out."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..problems import ProblemSink
from ..records.frontmatter import FrontMatter, JsonPath

__all__ = ["closest", "schema_problems"]

_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a set of 'key: value' entries",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "nothing",
}


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice that ``word`` was most likely meant to be, if any is close."""
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix, or nothing."""
    if not isinstance(word, str):
        return ""
    guess = closest(word, choices)
    return f"; did you mean {guess!r}?" if guess else ""


def schema_problems(fm: FrontMatter, validator: Draft202012Validator, sink: ProblemSink) -> bool:
    """Validate ``fm`` and report every error at its key or value. True when valid."""
    valid = True
    for error in validator.iter_errors(fm.data):
        valid = False
        for leaf in _leaves(error):
            _report(leaf, fm, sink)
    return valid


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """Replace an anyOf/oneOf error by the errors of the branch the author meant."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    meant = [errs for errs in branches.values() if not _wrong_shape(errs, error.instance)]
    if len(meant) == 1:
        for sub in meant[0]:
            yield from _leaves(sub)
    else:
        yield error


def _wrong_shape(errors: Sequence[ValidationError], instance: Any) -> bool:
    for sub in errors:
        if sub.relative_path:
            continue
        if sub.validator == "type":
            return True
        if sub.validator in ("enum", "const") and isinstance(instance, dict | list):
            return True
    return False


def _name(path: JsonPath) -> str:
    """Name a place for people: ``status``, ``findings item 2``, ``questions > q3``."""
    if not path:
        return "the front matter"
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"item {part + 1}")
        else:
            parts.append(part)
    return " > ".join(parts)


@dataclass(frozen=True, slots=True)
class _Failure:
    """One schema error as the reporters below read it.

    jsonschema types what an error knows as "value or unset"; it sets all of it on
    every error that ``iter_errors`` yields, so "unset" is read once, here: no
    keyword, no value, and an empty schema (as for a boolean ``false`` schema).
    """

    keyword: str
    value: Any
    instance: Any
    schema: Mapping[str, Any]
    schema_path: Sequence[str | int]
    message: str

    @classmethod
    def of(cls, error: ValidationError) -> _Failure:
        """Read ``error``, turning each unset attribute into an empty one."""
        value: Any = error.validator_value  # always set by iter_errors
        instance: Any = error.instance  # always set by iter_errors
        return cls(
            keyword=error.validator if isinstance(error.validator, str) else "",
            value=value,
            instance=instance,
            schema=error.schema if isinstance(error.schema, Mapping) else {},
            schema_path=error.schema_path,
            message=error.message,
        )


def _report(error: ValidationError, fm: FrontMatter, sink: ProblemSink) -> None:
    path: JsonPath = tuple(error.absolute_path)
    failure = _Failure.of(error)
    handler = _HANDLERS.get(failure.keyword, _generic)
    handler(failure, path, fm, sink)


def _required(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    instance = error.instance if isinstance(error.instance, dict) else {}
    # A list item has no key of its own: point at the item itself.
    where = fm.value_at(path) if path and isinstance(path[-1], int) else fm.key_at(path)
    properties = error.schema.get("properties", {})
    condition = ""
    if "then" in error.schema_path and isinstance(instance.get("status"), str):
        condition = f" when the status is {instance['status']!r}"
    for key in error.value:
        if key in instance:
            continue
        help_text = properties.get(key, {}).get("description", "")
        suffix = f" ({help_text})" if help_text and not condition else ""
        owner = "" if not path else f" in {_name(path)}"
        sink.error(
            where.line,
            where.column,
            "schema-required",
            f"missing required key {key!r}{owner}{condition}{suffix}",
        )


def _unknown(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    instance = error.instance if isinstance(error.instance, dict) else {}
    allowed = list(error.schema.get("properties", {}))
    for key in instance:
        if key in allowed:
            continue
        where = fm.key_at((*path, key))
        hint = did_you_mean(key, allowed) or (
            f"; allowed keys are {', '.join(allowed)}" if allowed else ""
        )
        sink.error(where.line, where.column, "schema-unknown-key", f"unknown key {key!r}{hint}")


def _enum(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    where = fm.value_at(path)
    choices = [str(choice) for choice in error.value]
    shown = _show(error.instance)
    sink.error(
        where.line,
        where.column,
        "schema-enum",
        f"{shown} is not allowed for {_name(path)}; use one of: {', '.join(choices)}"
        + did_you_mean(error.instance, choices),
    )


def _type_word(name: str) -> str:
    return _TYPE_WORDS.get(name, name)


def _type(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    where = fm.value_at(path)
    expected = error.value
    wanted = (
        " or ".join(_type_word(t) for t in expected)
        if isinstance(expected, list)
        else _type_word(expected)
    )
    sink.error(
        where.line,
        where.column,
        "schema-type",
        f"{_name(path)} must be {wanted}, not {_kind(error.instance)}",
    )


def _format(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    where = fm.value_at(path)
    if error.value == "date":
        message = f"{_show(error.instance)} in {_name(path)} is not a real date written YYYY-MM-DD"
    else:
        message = f"{_show(error.instance)} in {_name(path)} is not a valid {error.value}"
    sink.error(where.line, where.column, "schema-format", message)


def _pattern(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    if "propertyNames" in error.schema_path:
        where = fm.key_at((*path, str(error.instance)))
        sink.error(
            where.line,
            where.column,
            "schema-pattern",
            f"{_show(error.instance)} is not a valid key in {_name(path)}: "
            "question ids look like q1, q2, q3",
        )
        return
    where = fm.value_at(path)
    sink.error(
        where.line,
        where.column,
        "schema-pattern",
        f"{_show(error.instance)} is not a valid value for {_name(path)}: "
        "use lower-case letters, digits and hyphens",
    )


def _too_short(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    where = fm.value_at(path)
    sink.error(where.line, where.column, "schema-value", f"{_name(path)} must not be empty")


def _unique(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    where = fm.value_at(path)
    repeated = _first_repeat(map(repr, error.instance))
    sink.error(
        where.line, where.column, "schema-value", f"{repeated} appears twice in {_name(path)}"
    )


def _first_repeat(items: Iterable[str]) -> str:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return "a value"


def _generic(error: _Failure, path: JsonPath, fm: FrontMatter, sink: ProblemSink) -> None:
    where = fm.value_at(path)
    described = error.schema.get("description")
    if error.keyword in ("anyOf", "oneOf") and described:
        message = f"{_show(error.instance)} is not valid for {_name(path)}: use {described}"
    else:
        message = f"{_name(path)}: {error.message}"
    sink.error(where.line, where.column, "schema-value", message)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return _kind(value)


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return "a list"
    return "a set of 'key: value' entries"


_Handler = Callable[[_Failure, JsonPath, FrontMatter, ProblemSink], None]

_HANDLERS: dict[str, _Handler] = {
    "required": _required,
    "additionalProperties": _unknown,
    "enum": _enum,
    "const": _enum,
    "type": _type,
    "format": _format,
    "pattern": _pattern,
    "minLength": _too_short,
    "minItems": _too_short,
    "minProperties": _too_short,
    "uniqueItems": _unique,
}
