"""The house style of front matter, applied to a ruamel.yaml round-trip tree.

Two rules, both value-preserving:

- **Key order** follows the ``properties`` of the record's JSON Schema (DESIGN.md §3);
  an answer's questions go in number order; keys the schema does not know keep
  their order after the known ones. A comment travels with the key it follows
  (ruamel.yaml attaches comment lines to the key above them).
- **Quoting**: one quote character, the double quote; words from a list (slugs,
  enum values, dates, ids such as ``q3``) are written plain, since quoting them
  adds nothing and makes diffs noisy. Plain free text and block scalars are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from ..records.frontmatter import resolve_plain

__all__ = ["KeyOrder", "iter_comments", "key_order", "needs_restyle", "restyle"]

#: A word that reads the same quoted or plain, for the project and for any YAML 1.2 reader.
_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")
_QUESTION_ID = re.compile(r"q([1-9][0-9]*)")


class KeyOrder:
    """Where each key goes in one mapping, and the orders of what it holds."""

    def __init__(
        self,
        keys: tuple[str, ...] = (),
        children: dict[str, KeyOrder] | None = None,
        other: KeyOrder | None = None,
        *,
        numbered: bool = False,
    ) -> None:
        self.keys = keys
        self.children = children or {}
        #: The order for values under keys not in ``keys`` (additionalProperties).
        self.other = other
        #: Sort ``qN`` keys by N (an answer's questions).
        self.numbered = numbered

    def child(self, key: str) -> KeyOrder | None:
        """The order for the value under ``key`` (or for list items, key ``[]``)."""
        return self.children.get(key, self.other)


def key_order(schema: dict[str, Any], *, numbered: tuple[str, ...] = ()) -> KeyOrder:
    """Read the key order of every mapping a schema describes.

    ``numbered`` names top-level keys whose mapping is sorted by question number.
    """
    root = schema

    def resolve(node: Any) -> dict[str, Any]:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target: Any = root
            for part in ref[2:].split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            node = target
        if not isinstance(node, dict):
            return {}
        for branch in ("oneOf", "anyOf"):
            for option in node.get(branch, []):
                option = resolve(option)
                if "properties" in option or "items" in option:
                    return option
        return node

    def walk(node: Any, depth: int) -> KeyOrder | None:
        node = resolve(node)
        if depth > 8:  # schemas here are shallow; a recursive $ref must not loop
            return None
        if "items" in node:
            items = walk(node["items"], depth + 1)
            return KeyOrder(children={"[]": items}) if items else None
        properties = node.get("properties", {})
        children = {}
        for name, sub in properties.items():
            found = walk(sub, depth + 1)
            if found:
                children[name] = found
        extra = node.get("additionalProperties")
        other = walk(extra, depth + 1) if isinstance(extra, dict) else None
        if not properties and other is None:
            return None
        return KeyOrder(tuple(properties), children, other)

    top = walk(schema, 0) or KeyOrder()
    for name in numbered:
        inner = top.children.get(name) or KeyOrder()
        top.children[name] = KeyOrder(inner.keys, inner.children, inner.other, numbered=True)
    return top


def _rank(order: KeyOrder, key: Any, position: int) -> tuple[int, int, int]:
    text = str(key)
    if text in order.keys:
        return (0, order.keys.index(text), position)
    number = _QUESTION_ID.fullmatch(text)
    if order.numbered and number:
        return (0, int(number.group(1)), position)
    return (1, 0, position)


@lru_cache(maxsize=4096)
def _plain_word(text: str) -> Any | None:
    """The value ruamel.yaml reads for ``text`` written plain, if plain is safe."""
    if not _WORD.fullmatch(text) or resolve_plain(text) != text:
        return None
    try:
        value = YAML(typ="rt").load(text)
    except ValueError:  # e.g. 2024-02-30: ruamel reads it as a date and refuses
        return None
    if str(value) != text:
        return None
    # Marked plain: a bare str put in a sequence was still written with quotes.
    return PlainScalarString(text) if type(value) is str else value


def _scalar(value: Any) -> Any:
    if isinstance(value, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        plain = _plain_word(str(value))
        if plain is not None:
            return plain
        return DoubleQuotedScalarString(str(value))
    return value


def restyle(node: Any, order: KeyOrder | None) -> Any:
    """Apply the house style to ``node`` in place where possible; returns the node."""
    if isinstance(node, CommentedMap):
        _restyle_map(node, order)
    elif isinstance(node, CommentedSeq):
        item_order = order.child("[]") if order else None
        for index, item in enumerate(node):
            node[index] = restyle(item, item_order)
    else:
        return _scalar(node)
    return node


def _restyle_map(node: CommentedMap, order: KeyOrder | None) -> None:
    entries = list(node.items())
    comments = {key: node.ca.items.get(key) for key, _ in entries}
    if order is not None:
        ranked = sorted(enumerate(entries), key=lambda item: _rank(order, item[1][0], item[0]))
        entries = [entry for _, entry in ranked]
    for key, _ in list(node.items()):
        del node[key]
    for key, value in entries:
        new_key = _scalar(key)
        child = order.child(str(key)) if order else None
        node[new_key] = restyle(value, child)
        if comments[key] is not None:
            node.ca.items[new_key] = comments[key]


def iter_comments(node: Any) -> Iterator[str]:
    """Every comment text in a tree (used to prove that none was lost)."""
    ca = getattr(node, "ca", None)
    if ca is not None:
        yield from _tokens(ca.comment)
        for item in ca.items.values():
            yield from _tokens(item)
    if isinstance(node, CommentedMap):
        for value in node.values():
            yield from iter_comments(value)
    elif isinstance(node, CommentedSeq):
        for value in node:
            yield from iter_comments(value)


def _tokens(holder: Any) -> Iterator[str]:
    if holder is None:
        return
    if isinstance(holder, list):
        for part in holder:
            yield from _tokens(part)
    elif hasattr(holder, "value"):
        yield holder.value


try:  # the C parser reads a formatted file far quicker than a ruamel.yaml round trip
    _Loader: type = pyyaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = pyyaml.SafeLoader


def _quoting_changes(style: str | None, value: str) -> bool:
    if style == "'":
        return True
    return style == '"' and _plain_word(value) is not None


def needs_restyle(text: str, order: KeyOrder) -> bool:
    """Whether :func:`restyle` would change the key order or quoting of ``text``.

    Reads parser events only, so that ``fmt --check`` on a tidy repository is quick
    and a tidy file is never rewritten (not even its spacing).
    """
    stack: list[dict[str, Any]] = []
    pending: KeyOrder | None = order
    for event in pyyaml.parse(text, Loader=_Loader):
        frame = stack[-1] if stack else None
        if isinstance(event, pyyaml.ScalarEvent):
            if _quoting_changes(event.style, event.value):
                return True
            if frame and frame["map"] and frame["key"] is None:
                frame["key"] = event.value
                frame["keys"].append(event.value)
                continue
        elif isinstance(event, (pyyaml.MappingStartEvent, pyyaml.SequenceStartEvent)):
            if frame and frame["map"] and frame["key"] is None:
                return True  # a complex key: let the round trip decide
            child = _child_order(frame, pending)
            stack.append(
                {
                    "map": isinstance(event, pyyaml.MappingStartEvent),
                    "order": child,
                    "key": None,
                    "keys": [],
                }
            )
            continue
        elif isinstance(event, pyyaml.MappingEndEvent):
            done = stack.pop()
            if done["order"] is not None and _out_of_order(done["order"], done["keys"]):
                return True
        elif isinstance(event, pyyaml.SequenceEndEvent):
            stack.pop()
        elif isinstance(event, pyyaml.AliasEvent):
            if frame and frame["map"] and frame["key"] is None:
                return True  # an alias as a key: let the round trip decide
        else:
            continue
        if stack and stack[-1]["map"]:
            stack[-1]["key"] = None  # a value is complete: the next scalar is a key
    return False


def _child_order(frame: dict[str, Any] | None, top: KeyOrder | None) -> KeyOrder | None:
    if frame is None:
        return top
    parent: KeyOrder | None = frame["order"]
    if parent is None:
        return None
    return parent.child("[]") if not frame["map"] else parent.child(str(frame["key"]))


def _out_of_order(order: KeyOrder, keys: list[str]) -> bool:
    ranks = [_rank(order, key, position) for position, key in enumerate(keys)]
    return ranks != sorted(ranks)
