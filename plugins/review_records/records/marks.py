"""Where a key or value sits in the file, in the terms editors use.

:class:`Position` is what problems report; :data:`Where` is the compact tuple the
node builder notes for every node, turned into a Position only when one is needed.
:func:`line_column` turns a libyaml mark into the line and column an editor shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

__all__ = ["JsonPath", "Position", "Where", "has_odd_breaks", "line_column", "to_position"]

#: Where a value is in the parsed data: keys and list indexes from the top.
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """Where a key or value starts: 1-based line and column.

    ``block`` is true for ``|`` and ``>`` scalars, whose text starts on the next line.
    ``span`` is the value's start and end as character offsets in the YAML text,
    so that something inside a value can be found where the author wrote it.
    """

    line: int
    column: int
    block: bool = False
    span: tuple[int, int] = field(default=(0, 0), compare=False)


#: A position as the builder stores it: (line, column, block, span start, span end).
#: A record has dozens, a national collection millions, and a tuple is far cheaper
#: to make than a Position object; Positions are made for the few a problem needs.
Where = tuple[int, int, bool, int, int]


def to_position(where: Where) -> Position:
    line, column, block, start, end = where
    return Position(line, column, block, (start, end))


_ODD_BREAKS = ("\x85", "\u2028", "\u2029")


def has_odd_breaks(text: str) -> bool:
    return any(char in text for char in _ODD_BREAKS)


def line_column(mark: yaml.Mark, text: str | None) -> tuple[int, int]:
    """0-based line and column as editors count them.

    libyaml also breaks lines at U+0085, U+2028 and U+2029; editors and git do not.
    Only texts holding one of those pay for recounting from the character index.
    """
    if text is None:
        return mark.line, mark.column
    index = min(mark.index, len(text))
    return text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1)
