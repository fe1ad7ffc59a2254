"""The position index of parsed front matter: where each key and value is, by path.

:class:`FrontMatter` holds the data and the YAML text it came from; the index is
built only when a position is first asked for, by composing the text again with
the node builder noting every position (see :func:`.nodes.located_builder`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .marks import JsonPath, Position, Where, to_position
from .nodes import located_builder
from .yaml12 import ComposeOnly

__all__ = ["FrontMatter", "nearest"]


@dataclass(slots=True)
class FrontMatter:
    """Parsed front matter: plain data plus where every key and value sits in the file.

    Positions are found when first asked for, by reading ``text`` again: most
    records never have a problem, and a national collection holds millions of
    keys and values whose positions would cost time to note, memory to keep and
    time to send between processes.
    """

    data: dict[str, Any]
    first_line: int = 2
    text: str = ""
    _keys: dict[JsonPath, Where] | None = field(default=None, repr=False, compare=False)
    _values: dict[JsonPath, Where] | None = field(default=None, repr=False, compare=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # A cold run's workers send every record back: as constructor arguments it
        # pickles quicker than through slotted-dataclass state.
        return (FrontMatter, (self.data, self.first_line, self.text, self._keys, self._values))

    @property
    def keys(self) -> dict[JsonPath, Where]:
        """Where each key is, by its path."""
        if self._keys is None:
            self._locate()
        assert self._keys is not None
        return self._keys

    @property
    def values(self) -> dict[JsonPath, Where]:
        """Where each value is, by its path (a mapping's value is where its first key is)."""
        if self._values is None:
            self._locate()
        assert self._values is not None
        return self._values

    def _locate(self) -> None:
        self._keys, self._values = {}, {}
        loader = ComposeOnly(self.text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:  # pragma: no cover - the same text parsed a moment ago
            return
        finally:
            loader.dispose()
        if isinstance(node, yaml.MappingNode):
            located = located_builder(node, self.first_line, self.text)
            self._keys, self._values = located.keys, located.values

    def key_at(self, path: JsonPath) -> Position:
        """Position of the key at ``path``, or of the nearest enclosing key."""
        found = nearest(self.keys, path)
        return to_position(found) if found is not None else Position(self.first_line - 1, 1)

    def positions(self) -> list[Position]:
        """Every key's and value's position (for tests and tools)."""
        return [to_position(where) for where in (*self.keys.values(), *self.values.values())]

    def value_at(self, path: JsonPath) -> Position:
        """Position of the value at ``path``, or of the nearest enclosing key or value."""
        found = self.values.get(path)
        if found is not None:
            return to_position(found)
        return self.key_at(path)

    def find_in_value(self, path: JsonPath, needle: str, nth: int = 0) -> Position | None:
        """Where the ``nth`` verbatim occurrence of ``needle`` in the value at ``path`` is.

        Quoted, folded and multi-line values are unfolded by YAML, so a position
        inside the parsed text is not a position in the file; the source is.
        ``None`` when the value does not hold ``needle`` as written (it was split
        across lines, or escaped).
        """
        where = self.values.get(path)
        if where is None or where[3:] == (0, 0):
            return None
        start, end = where[3:]
        found = start - 1
        for _ in range(nth + 1):
            found = self.text.find(needle, found + 1, end)
            if found < 0:
                return None
        line = self.text.count("\n", 0, found)
        column = found - (self.text.rfind("\n", 0, found) + 1)
        return Position(line + self.first_line, column + 1)


def nearest(index: dict[JsonPath, Where], path: JsonPath) -> Where | None:
    for cut in range(len(path), 0, -1):
        found = index.get(path[:cut])
        if found is not None:
            return found
    return None
