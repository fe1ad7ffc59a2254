"""The denylist: forbidden terms (real names, places) found however they are disguised.

A denylist file, kept outside the repository, holds one entry a line: a plain
term, or ``sha256:<hex>`` of the term's normal form (:func:`term_hash`), so the
file itself need not hold the name. Blank lines and lines starting with ``#``
are ignored.

Text and terms are compared in a normal form that undoes the usual evasions:
Unicode NFKC, case-folding, zero-width characters removed, look-alike Cyrillic
and Greek letters folded to Latin, and every run of non-letters read as one
space (so extra spaces, line breaks, tags and punctuation do not split a match).
A term matches whole words, never part of a longer word.

Nothing here ever returns or prints a term: a hit is reported by the number of
its line in the denylist file. CI logs are less protected than the records.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..problems import Problem, Severity
from ..records.sources import SourceFile
from ..settings import Settings

__all__ = [
    "ENV_VAR",
    "Denylist",
    "Hit",
    "denylist_path",
    "denylist_stamp",
    "load_denylist",
    "normalise",
    "settings_denylist",
    "source_problems",
    "term_hash",
]

#: Environment variable naming the denylist file when ``mkdocs.yml`` does not.
ENV_VAR = "REVIEW_RECORDS_DENYLIST"
#: Hashed entries are looked for as runs of up to this many words.
MAX_HASHED_WORDS = 4
#: Bound on the cache of phrases hashed without a hit.
_MAX_CLEAN = 2_000_000

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
                                     "\u2060\u2061\u2062\u2063\u2064\ufeff"))  # fmt: skip
# Letters that look Latin in common fonts, after case-folding (Cyrillic, then Greek).
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕһԁԛԝѵкмтвнԍӏгпɡαβεηικνορτυχζ",
    "aeopcyxijshdqwvkmtbhglrngabenikvoptuxz",
)
_WORD = re.compile(r"[^\W_]+")
_WORD_OR_BREAK = re.compile(r"[^\W_]+|\n")


def _fold(text: str) -> str:
    """Characters as compared: NFKC, no zero-width, case-folded, look-alikes folded.

    Line breaks are kept, so a whole file can be folded at once and still give lines.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).casefold()
    return unicodedata.normalize("NFKC", folded).translate(_LOOKALIKES)


def normalise(text: str) -> str:
    """The normal form in which terms and text are compared (words joined by one space)."""
    return " ".join(_WORD.findall(_fold(text)))


def term_hash(term: str) -> str:
    """``sha256:<hex>`` of a term's normal form, for a denylist that names no one."""
    return "sha256:" + hashlib.sha256(normalise(term).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Hit:
    """A denylisted term found: where (1-based line) and which entry (its line in the file)."""

    line: int
    entry: int


@dataclass(frozen=True, slots=True)
class Denylist:
    """Normalised plain terms and hashes, each with the line of its entry."""

    plain: dict[str, int]
    hashed: dict[str, int]
    #: Phrases already hashed without a hit (a cache across files; contents only).
    _clean: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        """True if there is nothing to look for."""
        return not self.plain and not self.hashed

    def _longest(self) -> int:
        longest = max((term.count(" ") + 1 for term in self.plain), default=0)
        return max(longest, MAX_HASHED_WORDS if self.hashed else 0)

    def scan(self, text: str) -> Iterator[Hit]:
        """Every hit in ``text``, with the line on which the matching words start."""
        if self.empty:
            return
        words: list[str] = []
        lines: list[int] = []
        number = 1
        for match in _WORD_OR_BREAK.finditer(_fold(text)):
            word = match.group(0)
            if word == "\n":
                number += 1
            else:
                words.append(word)
                lines.append(number)
        # Pages repeat the same markup words: test each distinct phrase once, then
        # locate only the phrases that hit (almost always none).
        hits: dict[str, int] = {}
        for size in range(1, self._longest() + 1):
            phrases = set(_phrases(words, size))
            hits.update((phrase, self.plain[phrase]) for phrase in phrases & self.plain.keys())
            if self.hashed:
                hits.update(self._hashed_hits(phrases - self._clean))
        if not hits:
            return
        for size in range(1, self._longest() + 1):
            for index, phrase in enumerate(_phrases(words, size)):
                if phrase in hits:
                    yield Hit(lines[index], hits[phrase])

    def _hashed_hits(self, phrases: set[str]) -> Iterator[tuple[str, int]]:
        if len(self._clean) > _MAX_CLEAN:
            self._clean.clear()
        for phrase in phrases:
            entry = self.hashed.get(hashlib.sha256(phrase.encode("utf-8")).hexdigest())
            if entry is None:
                self._clean.add(phrase)
            else:
                yield phrase, entry

    def scan_output_file(self, path: Path) -> Iterator[Hit]:
        """Hits in a built file, read as a reader or a crawler would see it."""
        raw = path.read_bytes()
        if path.suffix == ".gz":
            # Not gzip after all: then the bytes are scanned as they are.
            with contextlib.suppress(OSError, EOFError):
                raw = gzip.decompress(raw)
        text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            # JSON escapes (\u004a) hide words from a plain reading: read the strings.
            try:
                yield from self.scan("\n".join(_json_strings(json.loads(text))))
                return
            except ValueError:
                pass  # not JSON after all: read it as text
        # Entities (&#74;) hide words too; unescaping loses none (tags stay as words).
        yield from self.scan(html.unescape(text))


def _phrases(words: list[str], size: int) -> Iterator[str]:
    """Every run of ``size`` consecutive words, joined by one space, in order."""
    return map(" ".join, zip(*(words[k:] for k in range(size)), strict=False))


def _json_strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _json_strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _json_strings(item)


_HASH_LINE = re.compile(r"sha256:([0-9a-fA-F]{64})")


def denylist_path(option: str | None, root: Path) -> Path | None:
    """The denylist file: the plugin option, else the environment variable, else none."""
    value = option or os.environ.get(ENV_VAR) or None
    if value is None:
        return None
    path = Path(value).expanduser()
    return (path if path.is_absolute() else root / path).resolve()


def load_denylist(path: Path, root: Path) -> Denylist:
    """Read a denylist file; it must exist and lie outside the repository at ``root``."""
    if path.is_relative_to(root.resolve()):
        raise ConfigurationError(
            "the denylist file must be kept outside the repository (it lists real names); "
            "move it and point the denylist option or $" + ENV_VAR + " at it"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigurationError(f"cannot read the denylist file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"the denylist file {path} is not UTF-8") from exc
    plain: dict[str, int] = {}
    hashed: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.lower().startswith("sha256:"):
            match = _HASH_LINE.fullmatch(entry)
            if match is None:
                raise ConfigurationError(
                    f"denylist line {number}: sha256: must be followed by 64 hex digits"
                )
            hashed.setdefault(match.group(1).lower(), number)
            continue
        term = normalise(entry)
        if not term:
            raise ConfigurationError(f"denylist line {number}: the entry has no letters or digits")
        plain.setdefault(term, number)
    return Denylist(plain, hashed)


def settings_denylist(settings: Settings) -> Denylist | None:
    """The denylist a repository's settings (or the environment) name, or None."""
    path = denylist_path(settings.denylist, settings.root)
    return None if path is None else load_denylist(path, settings.root)


def denylist_stamp(settings: Settings) -> str:
    """What a cached check result depends on: the denylist file's path, time and size."""
    path = denylist_path(settings.denylist, settings.root)
    if path is None:
        return "no denylist"
    try:
        stat = path.stat()
    except OSError:
        return f"{path}|missing"
    return f"{path}|{stat.st_mtime_ns}|{stat.st_size}"


def source_problems(denylist: Denylist, files: list[SourceFile]) -> list[Problem]:
    """An error at every line of a source file where a denylisted term appears."""
    problems: list[Problem] = []
    for source in files:
        try:
            text = source.read_text()
        except OSError:
            continue  # reported as file-unreadable by the checker
        seen: set[tuple[int, int]] = set()
        for hit in denylist.scan(text.replace("\r\n", "\n").replace("\r", "\n")):
            if (hit.line, hit.entry) in seen:
                continue
            seen.add((hit.line, hit.entry))
            problems.append(
                Problem(
                    source.relpath,
                    hit.line,
                    1,
                    Severity.ERROR,
                    "denylist",
                    f"a term from the denylist (its line {hit.entry}) appears on this line: "
                    "remove or pseudonymise it",
                )
            )
    return problems
