"""The ``noindex`` every page of the site carries, whatever the theme.

The learning site is internal and read-only: no search engine may index it,
even when a web server in front of it is set up carelessly. A theme override
could add the tag for one theme only (Material's ``extrahead`` block), so the
plugin writes it into each page's ``<head>`` itself.
"""

from __future__ import annotations

import re

__all__ = ["NOINDEX", "with_noindex"]

NOINDEX = '<meta name="robots" content="noindex, nofollow">'

# ``\b`` keeps ``<header>`` from counting as ``<head>``; the head tag may carry attributes.
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_HTML = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>|<body\b", re.IGNORECASE)
_ROBOTS = re.compile(r"""<meta\b[^>]*\bname\s*=\s*["']?robots\b""", re.IGNORECASE)


def with_noindex(html: str) -> str:
    """``html`` with :data:`NOINDEX` at the end of its head, unless the head has a robots meta.

    The end keeps ``<meta charset>`` first, where the HTML standard wants it. A
    page whose ``<head>`` tags are omitted (the standard allows it) gets the tag
    after ``<html>``, which a browser puts in the head all the same; a document
    with neither (a fragment, ``sitemap.xml``) is returned as it is.
    """
    opening = _HEAD.search(html) or _HTML.search(html)
    if opening is None:
        return html
    end = _HEAD_END.search(html, opening.end())
    at = end.start() if end and end.group(0).startswith("</") else opening.end()
    if _ROBOTS.search(html, opening.end(), end.start() if end else len(html)):
        return html
    return f"{html[:at]}  {NOINDEX}\n{html[at:]}"
