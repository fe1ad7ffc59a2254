"""Load the JSON Schemas once and build one validator for each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from ..errors import ConfigurationError

__all__ = ["EXPORT_SCHEMA_FILES", "SCHEMA_FILES", "Schemas", "load_schemas", "read_schema"]

#: Schema name (as ``review-records schema NAME`` takes it) → file in the schema folder.
SCHEMA_FILES = {
    "review": "review.schema.json",
    "answer": "marker-answer.schema.json",
    "marker": "marker.schema.json",
}

#: Schemas of what the tool writes rather than reads: printed, never used to check records.
EXPORT_SCHEMA_FILES = {"export": "export.schema.json"}


@dataclass(frozen=True, slots=True)
class Schemas:
    """One compiled validator per record kind, with format checking on."""

    review: Draft202012Validator
    answer: Draft202012Validator
    marker: Draft202012Validator

    def fingerprint(self) -> str:
        """A stable text that changes whenever any schema changes (for caches)."""
        return json.dumps(
            [self.review.schema, self.answer.schema, self.marker.schema], sort_keys=True
        )


def read_schema(schema_dir: Path, name: str) -> dict[str, Any]:
    """Read and check one schema by name; raise ConfigurationError when unusable."""
    try:
        filename = {**SCHEMA_FILES, **EXPORT_SCHEMA_FILES}[name]
    except KeyError:
        known = ", ".join([*SCHEMA_FILES, *EXPORT_SCHEMA_FILES])
        raise ConfigurationError(f"unknown schema {name!r}; choose one of {known}") from None
    path = schema_dir / filename
    try:
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"schema file {path} is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigurationError(f"schema file {path} cannot be read: {exc}") from exc
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ConfigurationError(
            f"schema file {path} is not a valid schema: {exc.message}"
        ) from exc
    return schema


def inline_local_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` with every ``{"$ref": "#/$defs/x"}`` replaced by its target.

    Validation then never goes through the reference resolver, which costs more
    than the checks themselves on small records (figures: docs/guide/scale.md).
    Only local ``#/$defs/`` refs without recursion are inlined.
    """
    definitions = schema.get("$defs", {})

    def expand(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [expand(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            name = ref.removeprefix("#/$defs/")
            if name in definitions and name not in seen:
                return expand(definitions[name], (*seen, name))
        return {key: expand(value, seen) for key, value in node.items()}

    inlined: dict[str, Any] = expand(schema, ())
    return inlined


def load_schemas(schema_dir: Path) -> Schemas:
    """Build the three validators from ``schema_dir``."""
    checker = Draft202012Validator.FORMAT_CHECKER
    built = {
        name: Draft202012Validator(
            inline_local_refs(read_schema(schema_dir, name)), format_checker=checker
        )
        for name in SCHEMA_FILES
    }
    return Schemas(**built)
