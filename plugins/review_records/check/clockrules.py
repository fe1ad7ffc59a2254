"""Read ``schema/clocks.yml``, the clock rules, reporting any mistake at its line.

The file is data a partnership edits, so every mistake is a problem with the
rule id ``clock-rules``, never a traceback: a rule with a mistake is left out,
and the rest still apply.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..model.clocks import DATE_FIELDS, DECISIONS, UNITS, ClockRule, ClockRules
from ..model.review_types import REVIEW_TYPES
from ..problems import ProblemSink
from ..records.frontmatter import FrontMatter, JsonPath, parse_yaml
from ..records.sources import ID_PATTERN
from .validate import did_you_mean

__all__ = ["CLOCKS_FILE", "parse_clock_rules"]

#: The clock rules file in the schema folder.
CLOCKS_FILE = "clocks.yml"

#: The review types a rules file may name (the review schema's enum).
_RULE_KEYS = ("title", "anchor", "end", "length", "unit", "end_must_be", "decisions", "source")
_REQUIRED = ("title", "anchor", "end", "length", "unit", "source")
_END_MUST_BE = ("on-or-before", "on-or-after")
#: Longer than any real deadline, short enough that counting working days stays quick.
_MAX_LENGTH = 1000


class _Reader:
    """Reports problems in one parsed file at the offending key or value."""

    def __init__(self, fm: FrontMatter, sink: ProblemSink) -> None:
        self.fm = fm
        self.sink = sink

    def at_key(self, path: JsonPath, message: str) -> None:
        where = self.fm.key_at(path)
        # The whole file (path ()) has no key of its own: report it on line 1.
        self.sink.error(max(where.line, 1), where.column, "clock-rules", message)

    def at_value(self, path: JsonPath, message: str) -> None:
        where = self.fm.value_at(path)
        self.sink.error(where.line, where.column, "clock-rules", message)


def parse_clock_rules(text: str, sink: ProblemSink) -> ClockRules:
    """The rules in ``text`` (the file's content); problems go to ``sink``."""
    fm = parse_yaml(text, sink, first_line=1)
    if fm is None:
        return ClockRules()
    reader = _Reader(fm, sink)
    unknown = [key for key in fm.data if key not in ("rules", "review_types")]
    for key in unknown:
        reader.at_key(
            (key,),
            f"unknown key {key!r}: the file holds 'rules' and 'review_types'"
            + did_you_mean(key, ("rules", "review_types")),
        )
    # A misspelt top-level key is reported once, as unknown, not also as missing.
    data = {"rules": {}, "review_types": {}, **fm.data} if unknown else fm.data
    rules = _rules(data.get("rules"), reader)
    declared = data["rules"].keys() if isinstance(data.get("rules"), dict) else set()
    by_type = _review_types(data.get("review_types"), {rule.id for rule in rules}, declared, reader)
    return ClockRules(tuple(rules), by_type)


def _rules(value: Any, reader: _Reader) -> list[ClockRule]:
    if value is None:
        reader.at_key((), "the clocks file has no 'rules' mapping: rule id → its settings")
        return []
    if not isinstance(value, dict):
        reader.at_value(("rules",), "'rules' must map each rule id to its settings")
        return []
    found = []
    for rule_id, settings in value.items():
        rule = _rule(rule_id, settings, reader)
        if rule is not None:
            found.append(rule)
    return found


def _rule(rule_id: str, settings: Any, reader: _Reader) -> ClockRule | None:
    path: JsonPath = ("rules", rule_id)
    if not ID_PATTERN.fullmatch(rule_id):
        reader.at_key(path, f"rule id {rule_id!r} must be a lower-case slug, e.g. 'notification'")
        return None
    if not isinstance(settings, dict):
        reader.at_value(path, f"rule {rule_id!r} must be a mapping of {', '.join(_REQUIRED)}")
        return None
    ok = True
    for key in settings:
        if key not in _RULE_KEYS:
            reader.at_key(
                (*path, key),
                f"rule {rule_id!r} has an unknown setting {key!r}" + did_you_mean(key, _RULE_KEYS),
            )
            ok = False
    missing = [key for key in _REQUIRED if key not in settings]
    if missing:
        reader.at_key(path, f"rule {rule_id!r} needs {', '.join(missing)}")
        return None
    for key in ("title", "source"):
        if not isinstance(settings[key], str) or not settings[key].strip():
            reader.at_value((*path, key), f"{key} of rule {rule_id!r} must be some text")
            ok = False
    for key in ("anchor", "end"):
        if settings[key] not in DATE_FIELDS:
            reader.at_value(
                (*path, key),
                f"{key} {settings[key]!r} is not a date of a review; use one of: "
                + ", ".join(DATE_FIELDS)
                + did_you_mean(settings[key], DATE_FIELDS),
            )
            ok = False
    length = settings["length"]
    if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= _MAX_LENGTH:
        reader.at_value(
            (*path, "length"),
            f"length of rule {rule_id!r} must be a whole number from 1 to {_MAX_LENGTH}",
        )
        ok = False
    if settings["unit"] not in UNITS:
        reader.at_value(
            (*path, "unit"),
            f"unit {settings['unit']!r} is not allowed; use one of: {', '.join(UNITS)}"
            + did_you_mean(settings["unit"], UNITS),
        )
        ok = False
    end_must_be = settings.get("end_must_be", "on-or-before")
    if end_must_be not in _END_MUST_BE:
        reader.at_value(
            (*path, "end_must_be"),
            f"end_must_be must be one of: {', '.join(_END_MUST_BE)}"
            + did_you_mean(end_must_be, _END_MUST_BE),
        )
        ok = False
    decisions = settings.get("decisions", [])
    if not isinstance(decisions, list):
        reader.at_value((*path, "decisions"), "decisions must be a list, e.g. [lcspr]")
        ok = False
        decisions = []
    for index, decision in enumerate(decisions):
        if decision not in DECISIONS:
            reader.at_value(
                (*path, "decisions", index),
                f"{decision!r} is not a decision; use one of: {', '.join(DECISIONS)}"
                + did_you_mean(decision, DECISIONS),
            )
            ok = False
    if not ok:
        return None
    return ClockRule(
        id=rule_id,
        title=" ".join(settings["title"].split()),
        anchor=settings["anchor"],
        end=settings["end"],
        length=length,
        unit=settings["unit"],
        source=" ".join(settings["source"].split()),
        on_or_after=end_must_be == "on-or-after",
        decisions=tuple(decisions),
    )


def _review_types(
    value: Any, valid: set[str], declared: Collection[str], reader: _Reader
) -> dict[str, tuple[str, ...]]:
    """Review type → its rules; a rule with a mistake of its own is left out silently."""
    if value is None:
        reader.at_key((), "the clocks file has no 'review_types' mapping: type → its rules")
        return {}
    if not isinstance(value, dict):
        reader.at_value(("review_types",), "'review_types' must map each review type to rules")
        return {}
    by_type: dict[str, tuple[str, ...]] = {}
    for review_type, rule_ids in value.items():
        path: JsonPath = ("review_types", review_type)
        if review_type not in REVIEW_TYPES:
            reader.at_key(
                path,
                f"{review_type!r} is not a review type; use one of: {', '.join(REVIEW_TYPES)}"
                + did_you_mean(review_type, REVIEW_TYPES),
            )
            continue
        if not isinstance(rule_ids, list):
            reader.at_value(path, f"{review_type} must list rule ids, e.g. [notification]")
            continue
        kept = []
        for index, rule_id in enumerate(rule_ids):
            if isinstance(rule_id, str) and rule_id in valid:
                kept.append(rule_id)
            elif not (isinstance(rule_id, str) and rule_id in declared):
                reader.at_value(
                    (*path, index),
                    f"{rule_id!r} is not a rule in this file" + did_you_mean(rule_id, declared),
                )
        by_type[review_type] = tuple(kept)
    return by_type
