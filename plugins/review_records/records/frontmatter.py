"""Read a record: split it into front matter and body, and read its YAML with positions.

The public face of ``records``: :class:`Record`, :class:`FrontMatter` and the
``parse_*`` functions, with the names other packages use re-exported from the
modules that own them:

- ``fence``: where front matter starts and ends;
- ``yaml12``: YAML 1.2 core-schema meaning for plain scalars;
- ``nodes``: node tree to plain data, within node and depth budgets;
- ``marks`` and ``positions``: where each key and value is in the file.

The rules are stricter than MkDocs' and python-frontmatter's on purpose: anything
that looks like front matter but breaks the rules is an error, never text that
gets published. YAML is read with YAML 1.2 core-schema meaning (``yes``/``no``/
``on``/``off`` and dates stay strings), explicit tags are refused, duplicate keys
are errors and aliases are bounded, so a hostile file is a quick error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import yaml

from ..problems import ProblemSink
from .fence import FENCE_LIKE, split_front_matter
from .marks import JsonPath, Position, has_odd_breaks, line_column, to_position
from .nodes import MAX_DEPTH, MAX_NODES, Builder, TooComplex, located_builder
from .positions import FrontMatter, nearest
from .yaml12 import MAX_NUMBER_LENGTH, ComposeOnly, resolve_plain

__all__ = [
    "FENCE_LIKE",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_NUMBER_LENGTH",
    "FrontMatter",
    "JsonPath",
    "Position",
    "Record",
    "decode",
    "parse_record",
    "parse_text",
    "parse_yaml",
    "resolve_plain",
    "text_digest",
]


@dataclass(frozen=True, slots=True)
class Record:
    """One source file read once: front matter (``None`` if unusable) and its body.

    ``body_line`` is the 1-based line on which the body starts, so that positions
    inside the body can be reported as positions in the file. ``digest`` changes
    whenever the file's text does: what was built from a record can be kept while
    the digest stays the same, whichever object holds it.
    """

    path: str
    front_matter: FrontMatter | None
    body: str
    body_line: int
    digest: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Constructor arguments pickle quicker than slot state (see FrontMatter).
        return (Record, (self.path, self.front_matter, self.body, self.body_line, self.digest))


def text_digest(text: str) -> str:
    """A short content hash of a record's text (not for security: for "did it change")."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def decode(raw: bytes, sink: ProblemSink) -> str | None:
    """Decode UTF-8 (a BOM is fine) and normalise line ends to ``\\n``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        sink.error(
            line,
            column,
            "encoding",
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start}); "
            "save it as UTF-8",
        )
        return None
    # CRLF and lone CR count as one line end each, so line numbers match what editors show.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_record(path: str, raw: bytes, sink: ProblemSink) -> Record:
    """Read one record: decode, split, parse the YAML. Problems go to ``sink``."""
    text = decode(raw, sink)
    if text is None:
        return Record(path, None, "", 1)
    return parse_text(path, text, sink)


def parse_text(path: str, text: str, sink: ProblemSink) -> Record:
    """Read one record already decoded by :func:`decode`: split, parse the YAML."""
    split = split_front_matter(text, sink)
    if split is None:
        return Record(path, None, "", 1, text_digest(text))
    yaml_text, body, body_line = split
    front_matter = parse_yaml(yaml_text, sink, first_line=2)
    return Record(path, front_matter, body, body_line, text_digest(text))


def parse_yaml(text: str, sink: ProblemSink, *, first_line: int = 1) -> FrontMatter | None:
    """Parse a YAML mapping with positions; ``first_line`` is the file line of ``text``'s line 1.

    Returns ``None`` (with problems in ``sink``) when the text is not a usable mapping.
    """
    offset = first_line
    loader = ComposeOnly(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = _best_mark(exc)
        row, col = line_column(mark, text if has_odd_breaks(text) else None) if mark else (0, 0)
        line, column = row + offset, col + 1
        source_line = text.split("\n")[row] if row < text.count("\n") + 1 else ""
        sink.error(line, column, "yaml-syntax", _yaml_message(exc, source_line))
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + offset
        column = exc.position - (before.rfind("\n") + 1) + 1
        sink.error(
            line,
            column,
            "yaml-syntax",
            f"the front matter holds a control character (code {exc.character!r}) "
            "that YAML does not allow; delete it",
        )
        return None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        sink.error(offset, 1, "yaml-syntax", f"the YAML cannot be read: {message}")
        return None
    finally:
        loader.dispose()
    fm = FrontMatter({}, first_line=first_line, text=text)
    if node is None:
        return fm
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        row, col = line_column(node.start_mark, text if has_odd_breaks(text) else None)
        sink.error(
            row + offset,
            col + 1,
            "front-matter-not-mapping",
            f"front matter must be a set of 'key: value' lines, not {kind}",
        )
        return None
    try:
        fm.data = Builder(sink, offset, text).build(node, ())
    except TooComplex as exc:
        # An alias repeats a node defined elsewhere, so the node itself may sit in an
        # innocent place: the key being read when the budget ran out is the culprit.
        # Building again with positions stops at the same place, with the keys read.
        located = located_builder(node, offset, text)
        culprit = nearest(located.keys or {}, exc.path)
        where = to_position(culprit) if culprit is not None else located.pos(exc.node)
        sink.error(where.line, where.column, "yaml-too-complex", exc.why)
        return None
    return fm


def _best_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the author should look: the opening of an unclosed bracket or quote.

    libyaml reports those where it gave up (often the end of the front matter);
    the context mark points at the bracket or quote that was never closed.
    """
    context = exc.context or ""
    if exc.context_mark and ("flow" in context or "quoted" in context):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _yaml_message(exc: yaml.MarkedYAMLError, source_line: str) -> str:
    parts = [part for part in (exc.context, exc.problem) if part]
    text = " ".join(", ".join(parts).split()) or "the YAML cannot be read"
    hint = ""
    if "\t" in source_line:
        hint = "; indent with spaces, not tabs"
    elif exc.problem and "mapping values are not allowed" in exc.problem:
        hint = "; put text containing ': ' in double quotes"
    return f"YAML syntax error: {text}{hint}"
