"""What a publication build checks once the site is written (the plugin's ``on_post_build``).

Kept apart from the plugin so that it can be run and tested on any folder: it
reads the sources again, reads the built site back, and lists every finding.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..problems import Problem, Severity
from ..records.sources import discover
from ..settings import Settings
from .denylist import settings_denylist
from .postcheck import check_site, front_matter_pairs, site_files
from .searchindex import SEARCH_FOLDER, check_search_index

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
) -> list[Problem]:
    """Every reason the built site at ``site_dir`` must not be published, as problems.

    Their paths are the built files', relative to the folder of ``mkdocs.yml`` as
    every problem's path is (``site/reviews/x/index.html``).
    The denylist is applied to every file of the site; a hit names the file,
    the line and the denylist entry's line number, never the term. ``since``
    limits both to files written from then on (for ``mkdocs serve`` rebuilds),
    and ``sources`` keeps what was read of the records from one rebuild to the next.
    ``workers`` > 1 scans a big site on that many processes (never under serve).
    ``site_base`` is the path of ``site_url``, the base URL MkDocs gives ``404.html``.
    With ``csp``, a page without the strict Content-Security-Policy is a finding.
    The search index, if the site has one, is read decompressed
    (:mod:`.searchindex`): it must hold nothing that its pages do not show.
    """
    pairs = (sources or SourcePairs()).collect(settings)
    root = site_dir.resolve()
    findings = check_site(root, pairs, since, workers, site_base, csp)
    denylist = settings_denylist(settings)
    if denylist is not None:
        for relpath, path in site_files(root, since):
            if path.suffix.lower() in _NOT_SCANNED or relpath.startswith(f"{SEARCH_FOLDER}/"):
                continue  # the search index is read decompressed, below
            hits = sorted({(hit.line, hit.entry) for hit in denylist.scan_output_file(path)})
            findings += [
                Problem(
                    relpath,
                    line,
                    1,
                    Severity.ERROR,
                    "published-denied-term",
                    f"a term from the denylist (its line {entry}) is in the built site",
                )
                for line, entry in hits
            ]
    if _index_written(root, since):
        findings += check_search_index(root, denylist, workers)
    prefix = settings.relative(root)
    return [replace(finding, path=f"{prefix}/{finding.path}") for finding in findings]


def _index_written(root: Path, since: float | None) -> bool:
    """Whether the site has a search index to read: any, or one written since ``since``.

    A serve rebuild that did not index again leaves the index the first build checked.
    """
    folder = root / SEARCH_FOLDER
    if not folder.is_dir():
        return False
    if since is None:
        return True
    stamps = [path.stat().st_mtime for path in folder.rglob("*")]
    return max(stamps, default=since) >= since
