"""``review-records fmt``: one house style for front matter, so diffs stay small.

Only the front matter is rewritten, and only if the result provably means the
same: the project's own parser must read identical data (and the same body) from
the new text, and every comment must still be there. Otherwise the file is left
alone and the reason reported. The body, a byte-order mark and the line ends
(CRLF or LF) are kept as found. Files are replaced atomically, and only if they
did not change while being formatted.
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..problems import Problem, ProblemSink
from ..records.frontmatter import parse_record
from ..records.sources import Layout, SourceFile, discover
from ..settings import Settings
from .yamlstyle import KeyOrder, iter_comments, needs_restyle, restyle

__all__ = [
    "FormatResult",
    "FormatRun",
    "format_file",
    "format_records",
    "format_text",
    "record_files",
    "record_orders",
]

_BOM = "\ufeff"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass(slots=True)
class FormatResult:
    """What formatting one file found: its new text (if it changes) and any problems."""

    path: str
    changed: bool = False
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line: a changed line must be a changed value
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _comment_lines(node: Any) -> Counter[str]:
    return Counter(
        line.strip()
        for token in iter_comments(node)
        for line in token.splitlines()
        if line.strip().startswith("#")
    )


def _same(left: Any, right: Any) -> bool:
    """Equal data, counting NaN as equal to NaN and keeping bool apart from int."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)


def format_text(path: str, text: str, order: KeyOrder) -> FormatResult:
    """Format the front matter of one record held in ``text`` (decoded, BOM included)."""
    result = FormatResult(path)
    sink = ProblemSink(path)
    before = parse_record(path, text.encode("utf-8"), sink)
    if sink.problems or before.front_matter is None:
        result.problems = sink.problems  # front-matter errors: never rewrite such a file
        return result
    bom = _BOM if text.startswith(_BOM) else ""
    lines = _LINE.findall(text[len(bom) :])
    newline = lines[0][3:]
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "---")
    yaml_text = "".join(line.rstrip("\r\n") + "\n" for line in lines[1:close])
    if not yaml_text.strip():
        return result
    if not needs_restyle(yaml_text, order):
        return result
    yaml = _yaml()
    try:
        tree = yaml.load(yaml_text)
        comments = _comment_lines(tree)
        restyle(tree, order)
        out = io.StringIO()
        yaml.dump(tree, out)
    except (YAMLError, ValueError) as exc:
        sink.error(2, 1, "fmt-unreadable", f"fmt cannot read this front matter ({exc}); left as is")
        result.problems = sink.problems
        return result
    new_yaml = out.getvalue()
    if new_yaml == yaml_text:
        return result
    new_text = bom + lines[0] + new_yaml.replace("\n", newline) + "".join(lines[close:])
    after = parse_record(path, new_text.encode("utf-8"), sink)
    kept = (
        not sink.problems
        and after.front_matter is not None
        and _same(before.front_matter.data, after.front_matter.data)
        and after.body == before.body
        and _comment_lines(_yaml().load(new_yaml)) == comments
    )
    if not kept:
        sink.error(
            2,
            1,
            "fmt-unsafe",
            "fmt would change a value, the body or a comment here, so the file was left "
            "as is; please report this file's front matter",
        )
        result.problems = sink.problems
        return result
    result.changed, result.text = True, new_text
    return result


def format_file(path: Path, relpath: str, order: KeyOrder, *, write: bool) -> FormatResult:
    """Format one file; with ``write``, replace it atomically if it changes."""
    sink = ProblemSink(relpath)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        sink.error(1, 1, "file-unreadable", f"the file cannot be read: {exc.strerror}")
        return FormatResult(relpath, problems=sink.problems)
    except UnicodeDecodeError:
        parse_record(relpath, raw, sink)  # reports where the bad byte is
        return FormatResult(relpath, problems=sink.problems)
    result = format_text(relpath, text, order)
    if write and result.changed and result.text is not None:
        _replace(path, raw, result.text.encode("utf-8"), sink)
        result.problems.extend(sink.problems)
    return result


def _replace(path: Path, expected: bytes, data: bytes, sink: ProblemSink) -> None:
    """Write ``data`` over ``path`` in one rename, unless someone changed the file meanwhile."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".fmt", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.chmod(path.stat().st_mode & 0o7777)
        if path.read_bytes() != expected:
            sink.error(1, 1, "fmt-raced", "the file changed while fmt ran; run fmt again")
            temporary.unlink()
            return
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        sink.error(1, 1, "fmt-write", f"the file cannot be written: {exc.strerror}")


def record_orders(schema_dir: Path) -> dict[str, KeyOrder]:
    """The key order of each kind of record, read from the repository's schemas."""
    from ..check.schemas import read_schema
    from .yamlstyle import key_order

    return {
        "review": key_order(read_schema(schema_dir, "review")),
        "answer": key_order(read_schema(schema_dir, "answer"), numbered=("questions",)),
        "marker": key_order(read_schema(schema_dir, "marker")),
    }


def record_files(layout: Layout) -> list[tuple[SourceFile, str]]:
    """Every record file of a repository with its kind (``review``, ``answer``, ``marker``)."""
    found = [(source, "marker") for _, _, source in layout.markers]
    for folder in layout.reviews:
        if folder.index is not None:
            found.append((folder.index, "review"))
        found.extend((source, "answer") for _, source in folder.answers)
    return found


@dataclass(slots=True)
class FormatRun:
    """What ``review-records fmt`` did: files looked at, files changed, problems found.

    ``problems`` are in the order found, one entry per finding (the count reported).
    """

    files: int
    check_only: bool
    changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 if a file has problems, or (with ``check_only``) would change; else 0."""
        return 1 if self.problems or (self.check_only and self.changed) else 0


def format_records(settings: Settings, chosen: list[str] | None, *, check_only: bool) -> FormatRun:
    """Format the chosen records (all if ``None``); with ``check_only``, write nothing."""
    layout = discover(settings)
    targets = [
        (source, kind)
        for source, kind in record_files(layout)
        if chosen is None or any(_inside(source.relpath, path) for path in chosen)
    ]
    orders = record_orders(settings.path(settings.schema_dir))
    run = FormatRun(len(targets), check_only)
    for source, kind in targets:
        result = format_file(source.path, source.relpath, orders[kind], write=not check_only)
        run.problems.extend(result.problems)
        if result.changed and not result.problems:
            run.changed.append(source.relpath)
    return run


def _inside(path: str, prefix: str) -> bool:
    prefix = prefix.rstrip("/")
    return prefix in ("", ".") or path == prefix or path.startswith(prefix + "/")
