"""The search index read back: every file Pagefind wrote, decompressed, as a browser gets it.

Pagefind writes its index as gzip files which, once decompressed, start with
the signature ``pagefind_dcd``: fragments (one per page: its URL, its text,
its title and filters) are JSON after it, and the word index, the filter
index and the metadata are CBOR. A search shows what these hold, so the
post-build check reads each of them and fails closed:

- a file that is not one Pagefind writes, that is not gzip, that lacks the
  signature or that does not decode is a finding, not something skipped;
- every string of every file is read against the denylist, as a page is;
- a fragment must belong to a page of the built site (a draft's page is never
  built, so its entry would name no page), and every word of its text and
  title must be a word of that page: the index then holds nothing that the
  check did not already read in a page, and a value planted in it by hand
  (a private value, a draft's words) is refused.

The words of the word index itself are stems (``famili`` for ``family``), so
they cannot be held to the page's words; they are read against the denylist.
Pagefind's two scripts are its own code, read like the theme's scripts (not at
all), and its WebAssembly files must decompress to WebAssembly.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from ..parallel import read_all
from ..problems import Problem, ProblemSink
from .denylist import Denylist, normalise
from .documents import content_of

__all__ = [
    "SEARCH_FOLDER",
    "SIGNATURE",
    "UNUSED_FILES",
    "IndexFile",
    "UnreadableIndex",
    "check_search_index",
    "read_index_file",
]

#: Where the index is written in the site.
SEARCH_FOLDER = "pagefind"
#: What every decompressed index file starts with.
SIGNATURE = b"pagefind_dcd"
#: Pagefind's ready-made interfaces: the site uses its own, and the plugin deletes these.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
#: Pagefind's own scripts, which the search page loads.
_CODE = frozenset({"pagefind.js", "pagefind-worker.js"})
_ENTRY = "pagefind-entry.json"
_META = re.compile(r"pagefind\.[A-Za-z0-9_-]+\.pf_meta")
_WASM = re.compile(r"wasm\.[A-Za-z0-9_-]+\.pagefind")
#: Folder → the suffix of the files in it.
_PARTS = {"fragment": ".pf_fragment", "index": ".pf_index", "filter": ".pf_filter"}
_PART_NAME = re.compile(r"[A-Za-z0-9_-]+")
_TAG = re.compile(r"<[^>]*>")
_TOKEN = re.compile(r"[^\W_]+")
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
#: Attributes whose words a reader may see (or hear) and an indexer may read.
_SHOWN_ATTRIBUTE = re.compile(r"""\b(?:alt|title|aria-label)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class UnreadableIndex(ValueError):
    """An index file that cannot be read as Pagefind writes it (the message says why)."""


@dataclass(frozen=True, slots=True)
class IndexFile:
    """One index file, decoded: its data, and the fragment's fields for a fragment."""

    data: Any
    fragment: dict[str, Any] | None = None

    @property
    def strings(self) -> list[str]:
        """Every string in the file (keys included), in order."""
        return list(_strings(self.data))


def _payload(raw: bytes) -> bytes:
    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise UnreadableIndex("it is not gzip") from error
    if not data.startswith(SIGNATURE):
        raise UnreadableIndex("it lacks Pagefind's signature once decompressed")
    return data[len(SIGNATURE) :]


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, bytes):
        yield data.decode("utf-8", errors="replace")
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


def read_index_file(relpath: str, raw: bytes) -> IndexFile | None:
    """Decode one file of the index folder (``relpath`` is relative to that folder).

    Returns None for Pagefind's own scripts and its WebAssembly (checked to be
    WebAssembly); raises :class:`UnreadableIndex` for anything else it cannot read.
    """
    folder, _, name = relpath.rpartition("/")
    if not folder and name in _CODE:
        return None
    if not folder and _WASM.fullmatch(name):
        if not _payload(raw).startswith(b"\0asm"):
            raise UnreadableIndex("it is not WebAssembly once decompressed")
        return None
    if not folder and name == _ENTRY:
        try:
            return IndexFile(json.loads(raw.decode("utf-8")))
        except ValueError as error:
            raise UnreadableIndex("it is not JSON") from error
    suffix = _PARTS.get(folder)
    is_part = suffix is not None and name.endswith(suffix)
    if not (is_part and _PART_NAME.fullmatch(name.removesuffix(suffix or ""))) and not (
        not folder and _META.fullmatch(name)
    ):
        raise UnreadableIndex("it is not a file Pagefind writes")
    payload = _payload(raw)
    if folder == "fragment":
        try:
            fragment = json.loads(payload.decode("utf-8"))
        except ValueError as error:
            raise UnreadableIndex("its fragment is not JSON") from error
        if not isinstance(fragment, dict):
            raise UnreadableIndex("its fragment is not a JSON object")
        return IndexFile(fragment, fragment)
    try:
        return IndexFile(cbor2.loads(payload))
    except (cbor2.CBORDecodeError, ValueError, RecursionError) as error:
        raise UnreadableIndex("it is not CBOR after the signature") from error


def _words(text: str) -> set[str]:
    """The words of ``text`` in the denylist's normal form, word by word.

    Most words are ASCII, whose normal form is their lower case: only the others
    go through :func:`~.denylist.normalise` (a large share of the check's time).
    A page repeats most of its words, so each is looked at once.
    """
    found: set[str] = set()
    for token in set(_TOKEN.findall(text)):
        if token.isascii():
            found.add(token.lower())
        else:
            found.update(normalise(token).split())
    return found


def _text(markup: str, tag: str = " ") -> str:
    return html.unescape(_TAG.sub(tag, markup))


def _fragment_findings(fragment: dict[str, Any], site: Path) -> list[str]:
    url = fragment.get("url")
    built = _page_of(url, site) if isinstance(url, str) else None
    if built is None:
        return ["a search-index entry names no page of the built site"]
    page = built.read_text(encoding="utf-8", errors="replace")
    content, meta = fragment.get("content"), fragment.get("meta")
    title = meta.get("title", "") if isinstance(meta, dict) else ""
    problems = []
    shown = content_of(page)
    shown_words = _words(_text(shown))
    attributes = " ".join(a or b for a, b in _SHOWN_ATTRIBUTE.findall(shown))
    missing = _words(content) if isinstance(content, str) else {""}
    missing -= shown_words | _words(html.unescape(attributes))
    if missing:
        # Pagefind runs the text of neighbouring cells and inline elements together
        # (<th>Met</th><th>Not met</th> gives "MetNot met"): read the text so too.
        missing -= _words(_text(shown, ""))
    if missing:
        problems.append(f"the search-index entry for {url} holds words its page does not show")
    heading = _TITLE.search(page)
    titled = _words(_text(heading.group(1))) if heading else set()
    if not isinstance(title, str) or not _words(title) <= titled | shown_words:
        problems.append(f"the search-index entry for {url} has a title its page does not show")
    return problems


def _page_of(url: str, site: Path) -> Path | None:
    """The built page a fragment's URL names, or None if the site has no such page."""
    if not url.startswith("/") or ".." in url.split("/") or "\\" in url:
        return None
    path = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    page = site / path
    return page if page.is_file() else None


#: Index files below which one process checks them all (a fragment costs about
#: what a page's scan does: see safety/postcheck.py).
INDEX_PARALLEL_FROM = 250


def check_search_index(site: Path, denylist: Denylist | None, workers: int = 1) -> list[Problem]:
    """Every finding in the index folder of the site at ``site`` (none if there is no index).

    Paths are relative to ``site``. A denylist hit names the file and the entry's
    line in the denylist, never the term. ``workers`` > 1 reads a big index on
    that many processes: each file is checked on its own, and at 1,000 reviews
    there are 19,000 of them.
    """
    folder = site / SEARCH_FOLDER
    if not folder.is_dir():
        return []

    def check(path: Path) -> list[Problem]:
        return _file_findings(path, folder, site, denylist)

    paths = sorted(p for p in folder.rglob("*") if not p.is_dir())
    found = read_all(check, paths, workers, minimum=INDEX_PARALLEL_FROM)
    return [finding for findings in found for finding in findings]


def _file_findings(
    path: Path, folder: Path, site: Path, denylist: Denylist | None
) -> list[Problem]:
    relpath = path.relative_to(site).as_posix()
    sink = ProblemSink(relpath)
    try:
        decoded = read_index_file(path.relative_to(folder).as_posix(), path.read_bytes())
    except (UnreadableIndex, OSError) as error:
        message = f"the search index holds a file it cannot read: {error}"
        sink.error(1, 1, "published-search-index", message)
        return sink.problems
    if decoded is None:
        return []
    if denylist is not None:
        for entry in sorted({hit.entry for hit in denylist.scan("\n".join(decoded.strings))}):
            message = f"a term from the denylist (its line {entry}) is in the search index"
            sink.error(1, 1, "published-denied-term", message)
    if decoded.fragment is not None:
        for message in _fragment_findings(decoded.fragment, site):
            sink.error(1, 1, "published-search-index", message)
    return sink.problems
