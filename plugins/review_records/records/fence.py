"""Where front matter starts and ends: the ``---`` fence split of a record's text.

A record opens with ``---`` on line 1 and its front matter closes at the first
fence-like line after it, which must be exactly ``---``. Anything that looks like
a fence but breaks those rules is an error here, never text that gets published.
"""

from __future__ import annotations

import re

from ..problems import ProblemSink

__all__ = ["FENCE_LIKE", "split_front_matter"]

#: A line that looks like a front-matter fence (``---``, ``----``, ``...``).
FENCE_LIKE = re.compile(r"(?:-{3,}|\.{3})[ \t]*")
#: A whole line that looks like a fence, found without splitting the file into lines.
_FENCE_LINE = re.compile(r"^(?:-{3,}|\.{3})[ \t]*$", re.MULTILINE)


def split_front_matter(text: str, sink: ProblemSink) -> tuple[str, str, int] | None:
    """The YAML text, the body and the body's 1-based first line; ``None`` after an error."""
    if not text.strip():
        sink.error(
            1,
            1,
            "front-matter-missing",
            "the file is empty; a record starts with front matter between two '---' lines",
        )
        return None
    if not text.startswith("---\n") and text != "---":
        _explain_bad_opening(text.split("\n"), sink)
        return None
    # The first fence-like line after the opener closes the front matter, or is an error.
    fence = _FENCE_LINE.search(text, 4)
    if fence is not None:
        line = fence.group()
        index = text.count("\n", 0, fence.start())  # 0-based line of the fence
        if line == "---":
            return text[4 : max(4, fence.start() - 1)], text[fence.end() + 1 :], index + 2
        sink.error(
            index + 1,
            1,
            "front-matter-delimiter",
            f"front matter must close with a line that is exactly '---', not {line!r}",
        )
        return None
    sink.error(
        1,
        1,
        "front-matter-unclosed",
        "front matter opened with '---' on line 1 is never closed: add a '---' line after it",
    )
    return None


def _explain_bad_opening(lines: list[str], sink: ProblemSink) -> None:
    first = lines[0]
    if FENCE_LIKE.fullmatch(first):
        sink.error(
            1,
            1,
            "front-matter-delimiter",
            f"front matter must open with a line that is exactly '---', not {first!r}",
        )
        return
    if not first.strip():
        for index, line in enumerate(lines):
            if line.strip():
                if FENCE_LIKE.fullmatch(line):
                    sink.error(
                        index + 1,
                        1,
                        "front-matter-start",
                        "front matter must start on line 1: remove the blank lines before '---'",
                    )
                    return
                break
    sink.error(
        1,
        1,
        "front-matter-missing",
        "no front matter: a record starts with '---' on line 1, its YAML, then a '---' line",
    )
