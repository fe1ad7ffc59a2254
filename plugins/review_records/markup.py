"""Small, pure helpers for writing generated Markdown safely."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence

__all__ = ["esc", "link", "relative", "table"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def esc(text: object) -> str:
    """Escape a front-matter value for Markdown: HTML-escaped, Markdown punctuation inert."""
    value = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=True))


def relative(from_uri: str, to_uri: str) -> str:
    """A relative ``.md`` link from one page's source path to another's."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def link(from_uri: str, to_uri: str, text: str, anchor: str = "") -> str:
    """A Markdown link whose ``text`` is already escaped."""
    target = relative(from_uri, to_uri) + (f"#{anchor}" if anchor else "")
    return f"[{text}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
