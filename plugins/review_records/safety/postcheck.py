"""The post-build check: read what was written to ``site_dir`` and refuse unsafe output.

It does not trust the renderers: it reads every output file back and looks for
what must never be published, whichever path it took to get there:

- anything a browser would run that the theme does not ship: read with an HTML5
  parser, head and body alike (the rules are in :mod:`.htmlscan`);
- a front-matter line of a record (two consecutive lines, as a page would show them).
"""

from __future__ import annotations

import functools
import html
import itertools
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from ..parallel import read_all
from ..problems import Problem, Severity
from ..records.frontmatter import FENCE_LIKE
from .documents import CONTENT_END, CONTENT_START
from .htmlscan import ThemeScripts, scan_page, script_resolver

__all__ = [
    "CONTENT_END",
    "CONTENT_START",
    "check_site",
    "front_matter_findings",
    "front_matter_pairs",
]

_MARKUP = {".html", ".htm", ".svg", ".xml"}
#: Documents a ``<meta>`` policy applies to (an SVG or XML file gets the server's header).
_PAGES = {".html", ".htm"}
_TAG = re.compile(r"<[^>]*>")
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
#: Front matter longer than this is not read for pairs (it is an error anyway).
_MAX_FRONT_LINES = 500
#: Pages from which a build's check is worth two processes.
SCAN_PARALLEL_FROM = 250
#: libyaml's scanner when PyYAML has it (it only tokenises: no value is built).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter_pairs(texts: Iterable[str]) -> set[tuple[str, str]]:
    """Consecutive non-empty line pairs of each text's front-matter block.

    The block is read as loosely as python-frontmatter does (a leading blank
    line or a ``----`` opener are tolerated), so that a file MkDocs would publish
    as text is still recognised. The second and later lines of a value that
    spans lines (a ``|`` block, a quoted or plain scalar) are left out: a page
    shows such a value as its text on purpose.
    """
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:_MAX_FRONT_LINES]
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None or not FENCE_LIKE.fullmatch(lines[start]):
            continue
        raw = list(
            itertools.takewhile(lambda line: not FENCE_LIKE.fullmatch(line), lines[start + 1 :])
        )
        inside = _value_lines(raw)
        block: list[str] = []
        for number, line in enumerate(raw):
            squeezed = " ".join(line.split())
            if squeezed and not squeezed.startswith("#") and number not in inside:
                block.append(squeezed)
        pairs.update(itertools.pairwise(block))
    return pairs


def _value_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that continue a scalar begun on an earlier line.

    Read with PyYAML's scanner, which only tokenises. YAML it cannot read gives
    none: every line then counts (such a file fails the check anyway).
    """
    inside: set[int] = set()
    try:
        for token in yaml.scan("\n".join(lines), Loader=_YAML_LOADER):
            if isinstance(token, yaml.ScalarToken):
                first, end = token.start_mark.line, token.end_mark
                last = end.line if end.column > 0 else end.line - 1
                inside.update(range(first + 1, last + 1))
    except yaml.YAMLError:
        return set()
    return inside


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
# footer): working out their text again on each page was a large share of a
# big build's post-build check. Only short lines are remembered, so the memory kept
# stays small (at most 4,096 lines of 500 characters).
_REMEMBERED_LINE = 500
_visible_short = functools.lru_cache(maxsize=4096)(_visible_text)


def site_files(root: Path, since: float | None = None) -> list[tuple[str, Path]]:
    """(path relative to ``root``, path) of every file in the built site, sorted.

    ``since`` (seconds since the epoch) leaves out files last written before then.
    Folders are read with os.scandir, which knows files from folders without a
    stat; Path.rglob made a Path per entry, a large share of a serve rebuild.
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
    site_base: str = "/",
    csp: bool = False,
) -> list[Problem]:
    """Every unsafe thing in the built site, as problems at paths relative to ``site_dir``.

    ``since`` (seconds since the epoch) limits the check to files written from
    then on: a ``mkdocs serve --dirty`` rebuild rewrites a handful of pages.
    ``workers`` > 1 scans a big site on that many processes (never under serve).
    ``site_base`` is the path of ``site_url`` (MkDocs' base URL for ``404.html``).
    With ``csp``, every HTML page must carry the strict policy of :mod:`.csp`.
    """
    root = site_dir.resolve()
    firsts = {first for first, _ in pairs or ()}
    theme = ThemeScripts.from_site(root, site_base)
    resolvers: dict[str, Callable[[str], bool]] = {}
    known: dict[str, bool] = {}  # every page loads the same few scripts

    def scan(job: tuple[str, Path]) -> list[Problem]:
        relpath, path = job
        text = path.read_text(encoding="utf-8", errors="replace")
        folder = posixpath.dirname(relpath)
        resolver = resolvers.get(folder)
        if resolver is None:
            resolver = resolvers[folder] = _remembered(script_resolver(root, folder), folder, known)
        base = site_base if relpath == "404.html" else None
        policy = csp and path.suffix.lower() in _PAGES
        findings = scan_page(relpath, text, theme, resolver, base, csp=policy)
        if pairs:
            findings.extend(_front_matter_findings(relpath, text, pairs, firsts))
        return findings

    jobs = [job for job in site_files(root, since) if job[1].suffix.lower() in _MARKUP]
    # A page takes about eight times as long to scan as a record to read.
    found = read_all(scan, jobs, workers, minimum=SCAN_PARALLEL_FROM)
    return [finding for findings in found for finding in findings]


def _remembered(
    resolve: Callable[[str], bool], folder: str, known: dict[str, bool]
) -> Callable[[str], bool]:
    """``resolve`` remembering its answers in ``known``, keyed by path from the site's root."""

    def is_site_file(local: str) -> bool:
        key = local if local.startswith("/") else posixpath.normpath(f"{folder}/{local}")
        found = known.get(key)
        if found is None:
            found = known[key] = resolve(local)
        return found

    return is_site_file


def front_matter_findings(relpath: str, text: str, pairs: set[tuple[str, str]]) -> list[Problem]:
    """Every line of the document ``text`` that shows a record's front matter as text.

    ``pairs`` are :func:`front_matter_pairs` of the records; findings are at ``relpath``.
    """
    return _front_matter_findings(relpath, text, pairs, {first for first, _ in pairs})


def _front_matter_findings(
    relpath: str, text: str, pairs: set[tuple[str, str]], firsts: set[str]
) -> list[Problem]:
    # Code blocks quote front matter on purpose (the guide's examples); a leak is prose.
    prose = _PRE.sub(lambda block: "\n" * block.group(0).count("\n"), text)
    return [
        Problem(
            relpath,
            number,
            1,
            Severity.ERROR,
            "published-front-matter",
            "a record's front-matter lines appear as page text",
        )
        for number, first, second in _text_lines(prose, firsts)
        if (first, second) in pairs
    ]
