"""Titles for the theme: record text that stays text however a template prints it.

MkDocs hands a theme ``page.title`` (and each table-of-contents entry's title)
as HTML. Themes print it raw, through ``striptags`` (Material's ``<title>``), or
escaped again. ``striptags`` turns ``&lt;`` back into ``<`` and MkDocs' Jinja
does not autoescape, so a review titled ``</title><script>…`` ran as script.
The plugin therefore gives the theme titles in which the five characters that
can end a text or attribute context are replaced by look-alikes. The page's own
heading, rendered by the plugin, keeps the characters as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from markupsafe import Markup, escape

__all__ = ["LOOKALIKES", "safe_titles", "theme_title"]

#: Characters that can close a text, RCDATA or attribute context → how the theme shows them.
LOOKALIKES = str.maketrans(
    {"<": "\uff1c", ">": "\uff1e", '"': "\uff02", "'": "\u2019", "`": "\uff40"}
)


class _Titled(Protocol):
    """A table-of-contents entry (MkDocs' AnchorLink), without importing MkDocs here."""

    title: str

    @property
    def children(self) -> Iterable[_Titled]: ...


def theme_title(title_html: str) -> str:
    """HTML for ``title_html`` that is the same words whether printed raw, stripped or escaped."""
    text = Markup(title_html).striptags()  # what Jinja's striptags filter makes of it
    return str(escape(text.translate(LOOKALIKES)))


def safe_titles(entries: Iterable[_Titled]) -> None:
    """Give every table-of-contents entry, at any depth, a :func:`theme_title`."""
    for entry in entries:
        entry.title = theme_title(entry.title)
        safe_titles(entry.children)
