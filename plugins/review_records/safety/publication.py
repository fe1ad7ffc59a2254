"""What a publication build checks once the site is written (the plugin's ``on_post_build``).

Kept apart from the plugin so that it can be run and tested on any folder: it
reads the sources again, reads the built site back, and lists every finding.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..records.sources import discover
from ..settings import Settings
from .denylist import settings_denylist
from .postcheck import check_site, front_matter_pairs, site_files

__all__ = ["SAFE_URI", "SourcePairs", "check_output", "safe_output_uri"]

#: A generated page's source path: folders and names made of validated ids only.
SAFE_URI = re.compile(r"(?:[a-z0-9][a-z0-9-]{0,62}/){0,3}[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9]{1,8}")

#: Files no record text reaches: images, fonts, and the theme's scripts and stylesheets
#: (static files copied as they are). Pages, search index, sitemap, JSON, SVG are scanned.
_NOT_SCANNED = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".eot",
    ".js", ".css", ".map",
}  # fmt: skip


def safe_output_uri(src_uri: str) -> bool:
    """True if a generated page may be written at ``src_uri`` (no ``..``, no odd characters)."""
    return SAFE_URI.fullmatch(src_uri) is not None


class SourcePairs:
    """The front-matter line pairs of every record file, read again only when a file changed.

    A ``mkdocs serve`` session keeps one, so that a rebuild after one edit reads
    one source file, not all of them. Keyed like the checker's memo: path,
    modification time and size.
    """

    def __init__(self) -> None:
        self._known: dict[str, tuple[int, int, set[tuple[str, str]]]] = {}

    def collect(self, settings: Settings) -> set[tuple[str, str]]:
        """The pairs of every record file there is now (files gone are forgotten)."""
        known, self._known = self._known, {}
        pairs: set[tuple[str, str]] = set()
        for source in discover(settings).files():
            entry = known.get(source.relpath)
            if entry is None or entry[:2] != (source.mtime_ns, source.size):
                try:
                    text = source.read_text()
                except OSError:
                    continue  # already an error of the check
                entry = (source.mtime_ns, source.size, front_matter_pairs([text]))
            self._known[source.relpath] = entry
            pairs |= entry[2]
        return pairs


def check_output(
    settings: Settings,
    site_dir: Path,
    since: float | None = None,
    sources: SourcePairs | None = None,
    workers: int = 1,
    site_base: str = "/",
    csp: bool = False,
) -> list[str]:
    """Every reason the built site at ``site_dir`` must not be published, as ``path:line: what``.

    The denylist is applied to every file of the site; a hit names the file,
    the line and the denylist entry's line number, never the term. ``since``
    limits both to files written from then on (for ``mkdocs serve`` rebuilds),
    and ``sources`` keeps what was read of the records from one rebuild to the next.
    ``workers`` > 1 scans a big site on that many processes (never under serve).
    ``site_base`` is the path of ``site_url``, the base URL MkDocs gives ``404.html``.
    With ``csp``, a page without the strict Content-Security-Policy is a finding.
    """
    pairs = (sources or SourcePairs()).collect(settings)
    unsafe = check_site(site_dir, pairs, since, workers, site_base, csp)
    findings = [f"{path}:{line}: {what}" for path, line, what in unsafe]
    denylist = settings_denylist(settings)
    if denylist is None:
        return findings
    root = site_dir.resolve()
    for relpath, path in site_files(root, since):
        if path.suffix.lower() in _NOT_SCANNED:
            continue
        hits = sorted({(hit.line, hit.entry) for hit in denylist.scan_output_file(path)})
        findings += [
            f"{relpath}:{line}: a term from the denylist (its line {entry}) is in the built site"
            for line, entry in hits
        ]
    return findings
