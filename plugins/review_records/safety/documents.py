"""The parts of a built page that every safety check reads the same way.

- :data:`CONTENT_START` and :data:`CONTENT_END` mark the page content (what the
  records and the hand-written pages wrote) apart from the theme's frame;
- :func:`runs` says whether a ``<script>`` element runs, by the HTML standard.
"""

from __future__ import annotations

__all__ = ["CONTENT_END", "CONTENT_START", "content_of", "outside_content", "runs"]

CONTENT_START = "<!-- review-records:content -->"
CONTENT_END = "<!-- /review-records:content -->"


def outside_content(html: str) -> str:
    """The page without its content: the theme's frame only (each content region dropped)."""
    parts = []
    at = 0
    while (start := html.find(CONTENT_START, at)) >= 0:
        parts.append(html[at:start])
        end = html.find(CONTENT_END, start)
        if end < 0:
            return "".join(parts)  # an unclosed region runs to the end of the page
        at = end + len(CONTENT_END)
    parts.append(html[at:])
    return "".join(parts)


#: The JavaScript MIME types and other script types that run (the HTML standard).
_RUNNABLE_TYPES = frozenset(
    {
        "application/ecmascript", "application/javascript", "application/x-ecmascript",
        "application/x-javascript", "text/ecmascript", "text/javascript",
        "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
        "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript",
        "text/livescript", "text/x-ecmascript", "text/x-javascript",
        "module", "importmap", "speculationrules",
    }
)  # fmt: skip


def runs(attributes: dict[str, str | None]) -> bool:
    """Whether a ``<script>`` with these attributes runs (the HTML standard's rules)."""
    if "type" in attributes:
        kind = (attributes["type"] or "").strip().lower()
    elif attributes.get("language"):
        kind = f"text/{attributes['language']}".strip().lower()
    else:
        return True
    # Parameters ("; charset=…") stop a match in the standard; reading past them fails closed.
    return kind == "" or kind.split(";", 1)[0].strip() in _RUNNABLE_TYPES


def content_of(html: str) -> str:
    """The page's content only: every content region, in order, joined by a line break.

    A region left unclosed runs to the end of the page, as :func:`outside_content` reads it.
    """
    parts = []
    at = 0
    while (start := html.find(CONTENT_START, at)) >= 0:
        start += len(CONTENT_START)
        end = html.find(CONTENT_END, start)
        parts.append(html[start:] if end < 0 else html[start:end])
        if end < 0:
            break
        at = end + len(CONTENT_END)
    return "\n".join(parts)
