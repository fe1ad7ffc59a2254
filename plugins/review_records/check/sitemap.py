"""What a record may link to: the page each record file becomes, and every page of the site."""

from __future__ import annotations

from ..model.collection import Vocabulary
from ..model.sitepaths import FIXED_PAGES, site_uri_for
from ..records.sources import Layout
from ..settings import Settings

__all__ = ["site_map"]


def site_map(
    settings: Settings, layout: Layout, vocabulary: Vocabulary
) -> tuple[dict[str, str], frozenset[str]]:
    """Every record file's generated page, and every page a record may link to.

    Drafts and invalid records are included: a link to them is judged by the
    link checks, not reported as a page that does not exist.
    """
    sources = {}
    for source in layout.files():
        page = site_uri_for(source.relpath, settings.reviews_dir, settings.markers_dir)
        if page is not None:
            sources[source.relpath] = page
    pages = set(sources.values()) | FIXED_PAGES
    pages |= {f"themes/{slug}.md" for slug in vocabulary.themes}
    pages |= {f"agencies/{slug}.md" for slug in vocabulary.agencies}
    docs = settings.path(settings.docs_dir)
    if docs.is_dir():
        pages |= {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")}
    return sources, frozenset(pages)
