"""Where each record is published: source file paths mapped to generated page paths.

An author links to the file they see (``qm07-governance.md``); the site serves
it as ``reviews/<id>/qm07.md``. One mapping, used by the checker to accept such
links and by the page generators to rewrite them, keeps the two in step.
"""

from __future__ import annotations

import posixpath
from collections.abc import Set

from ..records.sources import ANSWER_FILE, ID_PATTERN, MARKER_FILE

__all__ = [
    "FIXED_PAGES",
    "answer_uri",
    "marker_uri",
    "resolve_page_link",
    "review_uri",
    "site_uri_for",
]


def review_uri(review_id: str) -> str:
    """Source path of a review's page."""
    return f"reviews/{review_id}/index.md"


def answer_uri(review_id: str, number: int) -> str:
    """Source path of a review's answer to a marker."""
    return f"reviews/{review_id}/qm{number:02d}.md"


def marker_uri(number: int) -> str:
    """Source path of a marker's page."""
    return f"markers/qm{number:02d}.md"


#: Generated pages that exist whatever the records hold.
FIXED_PAGES = frozenset(
    {
        "index.md",
        "reviews/index.md",
        "markers/index.md",
        "themes/index.md",
        "agencies/index.md",
        "actions/index.md",
    }
)


def site_uri_for(relpath: str, reviews_dir: str, markers_dir: str) -> str | None:
    """The generated page's source path for a record file, or None for other files."""
    folder, _, name = relpath.rpartition("/")
    reviews = reviews_dir.strip("/")
    markers = markers_dir.strip("/")
    if folder == markers:
        match = MARKER_FILE.fullmatch(name)
        return marker_uri(int(match.group(1))) if match else None
    parent, _, review_id = folder.rpartition("/")
    if parent != reviews or not ID_PATTERN.fullmatch(review_id):
        return None
    if name == "index.md":
        return review_uri(review_id)
    match = ANSWER_FILE.fullmatch(name)
    return answer_uri(review_id, int(match.group(1))) if match else None


def resolve_page_link(
    target: str, source_relpath: str, site_uri: str, sources: dict[str, str], pages: Set[str]
) -> str | None:
    """The page a relative ``.md`` link leads to, as a generated source path, or None.

    The link is read first as the author wrote it, beside their own file (so a
    record's real file name works), then as a link between published pages.
    """
    beside_source = posixpath.normpath(posixpath.join(posixpath.dirname(source_relpath), target))
    if beside_source in sources:
        return sources[beside_source]
    beside_page = posixpath.normpath(posixpath.join(posixpath.dirname(site_uri), target))
    if not beside_page.startswith("../") and beside_page in pages:
        return beside_page
    return None
