"""Turn a composed YAML node tree into plain data, within budgets.

Aliases can make a small file expand to millions of values and nesting can
exhaust Python's recursion, so the builder counts nodes and depth and stops with
:class:`TooComplex`. Duplicate keys, non-text keys and explicit tags are problems.
On request it notes every key's and value's position on the way.
"""

from __future__ import annotations

import contextlib
from typing import Any, cast

import yaml

from ..problems import ProblemSink
from .marks import JsonPath, Position, Where, has_odd_breaks, line_column, to_position
from .yaml12 import MAP_TAG, SEQ_TAG, STR_TAG, resolve_plain

__all__ = ["MAX_DEPTH", "MAX_NODES", "Builder", "TooComplex", "located_builder"]

#: Aliases may repeat a node many times over; a record never needs more than this.
MAX_NODES = 20_000
#: Deeper than this is never a record, and Python recursion must stay bounded.
MAX_DEPTH = 40


class TooComplex(Exception):
    """Over budget: ``path`` is where the builder had got to, ``node`` what it was building."""

    def __init__(self, node: yaml.Node, why: str, path: JsonPath) -> None:
        super().__init__(why)
        self.node = node
        self.why = why
        self.path = path


class Builder:
    """Turns a composed node tree into plain data.

    When ``keys`` and ``values`` are dicts, it notes every position in them on the way.
    """

    def __init__(self, sink: ProblemSink, offset: int, text: str) -> None:
        self.sink = sink
        self.offset = offset
        self.budget = MAX_NODES
        self.text = text if has_odd_breaks(text) else None
        self.keys: dict[JsonPath, Where] | None = None
        self.values: dict[JsonPath, Where] | None = None

    def pos(self, node: yaml.Node) -> Position:
        return to_position(self.where(node))

    def where(self, node: yaml.Node) -> Where:
        mark = node.start_mark
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        if self.text is None:
            line, column = mark.line, mark.column
        else:
            line, column = line_column(mark, self.text)
        return (line + self.offset, column + 1, block, mark.index, node.end_mark.index)

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise TooComplex(
                node, f"the front matter expands to more than {MAX_NODES} values", path
            )
        if len(path) > MAX_DEPTH:
            raise TooComplex(node, f"the front matter is nested more than {MAX_DEPTH} deep", path)
        values = self.values
        if values is not None and path not in values:
            values[path] = self.where(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, SEQ_TAG)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        self.check_tag(node, MAP_TAG)
        return self.mapping(cast(yaml.MappingNode, node), path)  # the only kind left

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            where = self.pos(node)
            self.sink.error(
                where.line,
                where.column,
                "yaml-tag",
                f"YAML tags such as {_short_tag(node.tag)!r} are not allowed in records",
            )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag != STR_TAG:
            self.check_tag(node, STR_TAG)
            return node.value
        if node.style not in (None, ""):
            return node.value
        return resolve_plain(node.value)

    def mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.keys
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                key_pos = self.pos(key_node)
                self.sink.error(
                    key_pos.line, key_pos.column, "yaml-key", "a key must be plain text"
                )
                continue
            if key_node.tag != STR_TAG:
                self.check_tag(key_node, STR_TAG)
            key = key_node.value
            if key in result:
                key_pos = self.pos(key_node)
                first = self.pos(_first_key(node, key))
                self.sink.error(
                    key_pos.line,
                    key_pos.column,
                    "yaml-duplicate-key",
                    f"key {key!r} appears twice (first on line {first.line}); keep one",
                )
                continue
            if keys is not None:
                keys[(*path, key)] = self.where(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result


def located_builder(node: yaml.Node, offset: int, text: str) -> Builder:
    """A builder that has noted every position of ``node``'s tree it could reach.

    A tree too complex to build stops where it stopped before, with the keys read so far.
    """
    builder = Builder(ProblemSink(""), offset, text)
    builder.keys, builder.values = {}, {}
    with contextlib.suppress(TooComplex):
        builder.build(node, ())
    return builder


def _first_key(node: yaml.MappingNode, key: str) -> yaml.Node:
    return next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag
