"""Values that templates print: links, tables and cells, escaped once, by Jinja.

A template prints a ``str`` escaped (autoescape is on) and a :class:`Markup`
as it is, so only two kinds of value ever reach a page as markup: HTML this
package wrote from escaped parts (:func:`anchor`, the charts) and record text
from the safe renderer (:mod:`.richtext`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Cell", "Link", "Markup", "Table", "anchor", "joined"]


def anchor(url: Markup, text: str | Markup) -> Markup:
    """``<a href="url">text</a>``; ``url`` is already escaped (:meth:`.SiteModel.url`)."""
    return Markup('<a href="{0}">{1}</a>').format(url, text)


def joined(items: Sequence[str | Markup | Link], separator: str = ", ", empty: str = "—") -> Markup:
    """Cells joined by ``separator``, each escaped unless it is Markup; ``empty`` if none."""
    if not items:
        return Markup(escape(empty))
    return Markup(escape(separator)).join(escape(item) for item in items)


@dataclass(frozen=True, slots=True)
class Link:
    """A link a template can print whole (``{{ link }}``) or take apart (``link.url``)."""

    url: Markup
    text: str

    def __html__(self) -> str:
        return str(anchor(self.url, self.text))


#: A table cell: text (escaped when printed), a link, or finished HTML.
Cell = str | Markup | Link


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells under column headers; the ``table`` macro prints it."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    #: Shown instead of an empty table.
    empty: str = "None."
    caption: str | None = None
    #: Row headers: the first cell of each row is a ``<th scope="row">``.
    row_headers: bool = False
