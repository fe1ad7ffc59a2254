"""What a publication build checks once the site is written (the plugin's ``on_post_build``).

Kept apart from the plugin so that it can be run and tested on any folder: it
reads the sources again, reads the built site back, and lists every finding.
"""

from __future__ import annotations

import re
from pathlib import Path

from .denylist import settings_denylist
from .postcheck import check_site, front_matter_pairs
from .settings import Settings
from .sources import discover

__all__ = ["SAFE_URI", "check_output", "safe_output_uri"]

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


def check_output(settings: Settings, site_dir: Path, since: float | None = None) -> list[str]:
    """Every reason the built site at ``site_dir`` must not be published, as ``path:line: what``.

    The denylist is applied to every file of the site; a hit names the file,
    the line and the denylist entry's line number, never the term. ``since``
    limits both to files written from then on (for ``mkdocs serve`` rebuilds).
    """
    texts = []
    for source in discover(settings).files():
        try:
            texts.append(source.path.read_bytes().decode("utf-8", errors="replace"))
        except OSError:
            continue  # already an error of the check
    findings = [
        f"{path}:{line}: {what}"
        for path, line, what in check_site(site_dir, front_matter_pairs(texts), since)
    ]
    denylist = settings_denylist(settings)
    if denylist is None:
        return findings
    root = site_dir.resolve()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() in _NOT_SCANNED:
            continue
        if since is not None and path.stat().st_mtime < since:
            continue
        relpath = path.relative_to(root).as_posix()
        hits = sorted({(hit.line, hit.entry) for hit in denylist.scan_output_file(path)})
        findings += [
            f"{relpath}:{line}: a term from the denylist (its line {entry}) is in the built site"
            for line, entry in hits
        ]
    return findings
