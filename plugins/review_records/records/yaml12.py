"""YAML 1.2 core-schema reading: compose without PyYAML's YAML 1.1 resolution, then
give plain scalars their core-schema meaning.

PyYAML resolves YAML 1.1, where ``yes``/``no``/``on``/``off`` are booleans and
``2024-01-01`` is a date; in a record they are text. So nodes are composed with
every tag left at its default, and :func:`resolve_plain` decides what a plain
(unquoted) scalar means, as https://yaml.org/spec/1.2.2/#1032-tag-resolution says.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["MAP_TAG", "MAX_NUMBER_LENGTH", "SEQ_TAG", "STR_TAG", "ComposeOnly", "resolve_plain"]

try:  # The C parser is much quicker; fall back where libyaml is missing.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class ComposeOnly(_BaseLoader):  # type: ignore[misc]
    """Composes nodes without resolving plain scalars: we resolve them as YAML 1.2 core.

    libyaml calls the three resolver methods back for every node; with no implicit
    or path resolvers PyYAML's versions only return the default tag, slowly
    (figures: docs/guide/scale.md), so they are replaced by that answer.
    """

    yaml_implicit_resolvers: dict[str, list[Any]] = {}  # noqa: RUF012 - PyYAML reads it per class

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_DEFAULT_TAGS = {yaml.ScalarNode: STR_TAG, yaml.SequenceNode: SEQ_TAG, yaml.MappingNode: MAP_TAG}

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")

#: First letters that no null, boolean or number of the core schema begins with.
_TEXT_STARTS = frozenset("ABCDEGHIJKLMOPQRSUVWXYZabcdeghijklmopqrsuvwxyz")


#: Longer plain numbers stay text: no record holds one, and Python refuses to
#: convert (or print) integers of more than 4,300 digits.
MAX_NUMBER_LENGTH = 64


def resolve_plain(value: str) -> Any:
    """Give a plain (unquoted) scalar its YAML 1.2 core-schema meaning."""
    if value[:1] in _TEXT_STARTS:  # most values are words: no null, bool or number starts so
        return value
    if _NULL.fullmatch(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if len(value) > MAX_NUMBER_LENGTH:
        return value
    if _INT10.fullmatch(value):
        return int(value)
    if _INT8.fullmatch(value):
        return int(value[2:], 8)
    if _INT16.fullmatch(value):
        return int(value[2:], 16)
    if _NAN.fullmatch(value):
        return float("nan")
    if _INF.fullmatch(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
