"""Heading ids and the table of contents of a finished HTML page.

Generated pages reach MkDocs as finished HTML, so Python-Markdown's ``toc``
extension never sees them. This gives every heading an id the way it does
(same slugs, same ``_1`` suffixes), so links and anchors keep working, and
lists the headings as the nested tokens MkDocs makes a page's outline from.
Headings a template or an override adds get ids and outline entries too.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import TypedDict

__all__ = ["TocToken", "number_headings", "slugify"]

_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_NOT_WORD = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"[-\s]+")
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")


class TocToken(TypedDict):
    """One outline entry, in the shape ``mkdocs.structure.toc.get_toc`` takes."""

    level: int
    id: str
    name: str
    children: list[TocToken]


def slugify(text: str) -> str:
    """The id Python-Markdown's ``toc`` extension gives a heading with these words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub("-", _NOT_WORD.sub("", ascii_text).strip().lower())


def _unique(slug: str, taken: set[str]) -> str:
    while slug in taken or not slug:
        match = _NUMBERED.match(slug)
        slug = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{slug}_1"
    return slug


def number_headings(page_html: str) -> tuple[str, list[TocToken], set[str]]:
    """``page_html`` with an id on every heading, its outline, and every id on the page.

    A heading that has an id keeps it. The outline nests each heading under the
    nearest one above it of a higher level, as Python-Markdown's does.
    """
    taken = set(_ID.findall(page_html))
    flat: list[TocToken] = []

    def give_id(match: re.Match[str]) -> str:
        level, attributes, inner = int(match.group(1)), match.group(2), match.group(3)
        found = _ID.search(attributes)
        if found:
            slug = html.unescape(found.group(1))
        else:
            slug = _unique(slugify(html.unescape(_TAG.sub("", inner))), taken)
            taken.add(slug)
            attributes = f' id="{html.escape(slug, quote=True)}"{attributes}'
        flat.append({"level": level, "id": slug, "name": inner.strip(), "children": []})
        return f"<h{level}{attributes}>{inner}</h{level}>"

    numbered = _HEADING.sub(give_id, page_html)
    return numbered, _nest(flat), taken


def _nest(flat: list[TocToken]) -> list[TocToken]:
    top: list[TocToken] = []
    parents: list[TocToken] = []
    for token in flat:
        while parents and parents[-1]["level"] >= token["level"]:
            parents.pop()
        (parents[-1]["children"] if parents else top).append(token)
        parents.append(token)
    return top
