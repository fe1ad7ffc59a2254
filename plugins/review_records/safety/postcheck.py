"""The post-build check: read what was written to ``site_dir`` and refuse unsafe output.

It does not trust the renderers: it reads every output file back and looks for
what must never be published, whichever path it took to get there:

- a front-matter line of a record (two consecutive lines, as a page would show them),
- a ``<script>`` inside page content, or one loading anything but a file of the site,
- a ``javascript:``/``vbscript:``/``data:`` URL in any attribute,
- an event-handler attribute (``onclick``, ``onerror``…) anywhere.

Page content is delimited by the markers the plugin puts around it
(:data:`CONTENT_START`, :data:`CONTENT_END`); scripts outside are the theme's.
"""

from __future__ import annotations

import functools
import html
import itertools
import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from ..parallel import read_all
from ..records.frontmatter import FENCE_LIKE

__all__ = [
    "CONTENT_END",
    "CONTENT_START",
    "Finding",
    "check_site",
    "front_matter_pairs",
]

CONTENT_START = "<!-- review-records:content -->"
CONTENT_END = "<!-- /review-records:content -->"

#: A finding: (output path relative to site_dir, 1-based line, what is wrong).
Finding = tuple[str, int, str]

_MARKUP = {".html", ".htm", ".svg", ".xml"}
_BAD_URL = re.compile(r"(?:javascript|vbscript|data):")
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_TAG = re.compile(r"<[^>]*>")
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
#: Front matter longer than this is not read for pairs (it is an error anyway).
_MAX_FRONT_LINES = 500
#: Pages from which a build's check is worth two processes.
SCAN_PARALLEL_FROM = 250


def front_matter_pairs(texts: Iterable[str]) -> set[tuple[str, str]]:
    """Consecutive non-empty line pairs of each text's front-matter block.

    The block is read as loosely as python-frontmatter does (a leading blank
    line or a ``----`` opener are tolerated), so that a file MkDocs would publish
    as text is still recognised.
    """
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:_MAX_FRONT_LINES]
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None or not FENCE_LIKE.fullmatch(lines[start]):
            continue
        block: list[str] = []
        for line in lines[start + 1 :]:
            if FENCE_LIKE.fullmatch(line):
                break
            squeezed = " ".join(line.split())
            if squeezed and not squeezed.startswith("#"):
                block.append(squeezed)
        pairs.update(itertools.pairwise(block))
    return pairs


def _text_lines(markup: str, firsts: set[str]) -> list[tuple[int, str, str]]:
    """(line, text, next line's text) wherever an output line's visible text is in ``firsts``.

    Only lines with a colon can start a front-matter pair, so the others are skipped cheaply.
    """
    lines = markup.split("\n")
    found = []
    for index, line in enumerate(lines):
        if ":" not in line:
            continue
        text = _visible(line)
        if text in firsts:
            following = next((_visible(x) for x in lines[index + 1 :] if _visible(x)), "")
            found.append((index + 1, text, following))
    return found


def _visible(line: str) -> str:
    return _visible_short(line) if len(line) <= _REMEMBERED_LINE else _visible_text(line)


def _visible_text(line: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", line)).split())


# The theme writes the same short lines on every page (head, header, nav,
# footer): working out their text again on each page was a third of a big
# build's post-build check. Only short lines are remembered, so the memory kept
# stays small (at most 4,096 lines of 500 characters).
_REMEMBERED_LINE = 500
_visible_short = functools.lru_cache(maxsize=4096)(_visible_text)


# A start tag with its attributes (quoted values may hold ">"), a comment, or a raw-text element.
_TOKEN = re.compile(
    r"<!--(?P<comment>.*?)-->"
    r"|<(?P<tag>[a-zA-Z][\w:-]*)(?P<attrs>(?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)"
    r"\s*/?>",
    re.DOTALL,
)
_ATTR = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_RAW_TEXT_END = {
    "script": re.compile(r"</script\s*>", re.I),
    "style": re.compile(r"</style\s*>", re.I),
}
#: An attribute name starting with "on", or a value with a colon or an entity.
_ATTR_SUSPECT = re.compile(r"(?:^|[\s\"'/])on|[:&]", re.IGNORECASE)


class _Scanner:
    """Collects unsafe elements and attributes of one HTML or SVG file."""

    def __init__(
        self, path: str, site_dir: Path, file_dir: Path, known: dict[str, bool] | None = None
    ) -> None:
        self.path = path
        self.site_dir = site_dir
        self.file_dir = file_dir
        #: Script paths already looked up (shared by every page of one check).
        self.known = known if known is not None else {}
        self.in_content = False
        self.findings: list[Finding] = []
        self._text = ""
        self._at = 0

    def _add(self, what: str) -> None:
        self.findings.append((self.path, self._text.count("\n", 0, self._at) + 1, what))

    def feed(self, text: str) -> None:
        """Scan a whole file."""
        self._text = text
        position = 0
        while True:
            match = _TOKEN.search(text, position)
            if match is None:
                return
            self._at = match.start()
            position = match.end()
            if match.group("tag") is None:
                self._comment(match.group(0))
                continue
            tag = match.group("tag").lower()
            raw_attrs = match.group("attrs")
            # Most tags hold nothing a handler or a URL scheme could hide in: skip them fast.
            if tag == "script" or (raw_attrs and _ATTR_SUSPECT.search(raw_attrs)):
                attrs = [
                    (name.lower(), next((v for v in values if v is not None), ""))
                    for name, *values in _ATTR.findall(raw_attrs)
                ]
                self._start(tag, attrs)
            closing = _RAW_TEXT_END.get(tag)
            if closing is not None:  # script and style bodies are not markup
                end = closing.search(text, position)
                position = end.end() if end else len(text)

    def _comment(self, comment: str) -> None:
        if comment == CONTENT_START:
            self.in_content = True
        elif comment == CONTENT_END:
            self.in_content = False

    def _start(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self._add(f"event-handler attribute {name!r} on <{tag}>")
            squeezed = _URL_IGNORED.sub("", html.unescape(value)).lower()
            image = tag == "img" and squeezed.startswith("data:image/")
            if _BAD_URL.match(squeezed) and not image:
                self._add(f"{squeezed.split(':')[0]}: URL in {name!r} of <{tag}>")
        if tag == "script":
            self._script(dict(attrs))

    def _script(self, attrs: dict[str, str]) -> None:
        if self.in_content:
            self._add("<script> inside page content")
            return
        src = attrs.get("src")
        if src is None:
            return  # inline, outside page content: the theme's own
        local = src.split("?", 1)[0].split("#", 1)[0]
        if re.match(r"[a-z][a-z0-9+.\-]*:|//", local, re.IGNORECASE) or not local:
            self._add(f"<script> loading {src!r} from outside the site")
            return
        # Every page loads the same few scripts; resolving their paths is slow.
        key = local if local.startswith("/") else posixpath.normpath(f"{self.file_dir}/{local}")
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._is_site_file(local)
        if not found:
            self._add(f"<script> loading {src!r}, which is not a file of the site")

    def _is_site_file(self, local: str) -> bool:
        if local.startswith("/"):
            # Absolute paths (404.html) carry site_url's path first: try each suffix.
            parts = [part for part in local.split("/") if part]
            candidates = [self.site_dir.joinpath(*parts[i:]) for i in range(len(parts))]
        else:
            candidates = [self.file_dir / local]
        for candidate in candidates:
            target = candidate.resolve()
            if target.is_relative_to(self.site_dir) and target.is_file():
                return True
        return False


def site_files(root: Path, since: float | None = None) -> list[tuple[str, Path]]:
    """(path relative to ``root``, path) of every file in the built site, sorted.

    ``since`` (seconds since the epoch) leaves out files last written before then.
    Folders are read with os.scandir, which knows files from folders without a
    stat; Path.rglob made a Path per entry and took a third of a serve rebuild.
    Linked folders are not entered (as with rglob).
    """
    found = []
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file() and (since is None or entry.stat().st_mtime >= since):
                    found.append((prefix + entry.name, Path(entry.path)))
    return sorted(found)


def check_site(
    site_dir: Path,
    pairs: set[tuple[str, str]] | None = None,
    since: float | None = None,
    workers: int = 1,
) -> list[Finding]:
    """Every unsafe thing in the built site, as (path, line, what); empty if it is safe.

    ``since`` (seconds since the epoch) limits the check to files written from
    then on: a ``mkdocs serve --dirty`` rebuild rewrites a handful of pages.
    ``workers`` > 1 scans a big site on that many processes (never under serve).
    """
    root = site_dir.resolve()
    firsts = {first for first, _ in pairs or ()}
    known: dict[str, bool] = {}

    def scan(job: tuple[str, Path]) -> list[Finding]:
        relpath, path = job
        text = path.read_text(encoding="utf-8", errors="replace")
        scanner = _Scanner(relpath, root, path.parent, known)
        scanner.feed(text)
        if pairs:
            scanner.findings.extend(_front_matter_findings(relpath, text, pairs, firsts))
        return scanner.findings

    jobs = [job for job in site_files(root, since) if job[1].suffix.lower() in _MARKUP]
    # A page takes about eight times as long to scan as a record to read.
    found = read_all(scan, jobs, workers, minimum=SCAN_PARALLEL_FROM)
    return [finding for findings in found for finding in findings]


def _front_matter_findings(
    relpath: str, text: str, pairs: set[tuple[str, str]], firsts: set[str]
) -> list[Finding]:
    # Code blocks quote front matter on purpose (the guide's examples); a leak is prose.
    prose = _PRE.sub(lambda block: "\n" * block.group(0).count("\n"), text)
    return [
        (relpath, number, "a record's front-matter lines appear as page text")
        for number, first, second in _text_lines(prose, firsts)
        if (first, second) in pairs
    ]
