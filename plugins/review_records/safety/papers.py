"""The publication check of a board paper: its HTML before the PDF is made, its text after.

A paper (``review-records pdf``) is one document, not a site, so the site's
check (:mod:`.publication`) is applied to it piece by piece, with the same code:

- its HTML is scanned as a built page is (:func:`.htmlscan.scan_page`): a paper
  has no theme, so no script of any kind may be in it, and no handler, no
  embedding, no ``javascript:`` URL; no record's front-matter lines may show as
  text (:func:`.postcheck.front_matter_findings`);
- its HTML and, once rendered, the PDF's own text (every page, the metadata, the
  links) are read against the denylist and against the ``private:`` values of
  the records it is made from, in the denylist's normal form: case, accents,
  look-alike letters, spacing and line breaks do not hide a match.

A private value is found where it is written (file and line); a denylist hit is
told by its entry's line in the denylist, never by the term.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..problems import Problem, ProblemSink, Severity
from ..records.frontmatter import parse_text
from ..records.sources import discover
from ..settings import Settings
from .denylist import Denylist, normalise, settings_denylist
from .htmlscan import ThemeScripts, scan_page
from .postcheck import front_matter_findings, front_matter_pairs

__all__ = ["PrivateValue", "check_paper_html", "check_paper_text", "private_values"]


@dataclass(frozen=True, slots=True)
class PrivateValue:
    """One value of a record's ``private:`` mapping, and where it is written."""

    path: str
    line: int
    column: int
    text: str


def private_values(settings: Settings, paths: Iterable[str]) -> list[PrivateValue]:
    """Every ``private:`` value (strings and numbers, at any depth) of the record files ``paths``.

    ``paths`` are relative to the repository, as a record's ``file.path`` is. A file
    that cannot be read gives none: the check that ran before reported it.
    """
    found: list[PrivateValue] = []
    for path in paths:
        try:
            text = settings.path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        record = parse_text(path, text.replace("\r\n", "\n").replace("\r", "\n"), ProblemSink(path))
        fm = record.front_matter
        if fm is None or "private" not in fm.data:
            continue
        for key_path, value in _leaves(fm.data["private"], ("private",)):
            where = fm.value_at(key_path)
            found.append(PrivateValue(path, where.line, where.column, value))
    return found


def _leaves(data: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    elif isinstance(data, str | int | float) and not isinstance(data, bool):
        yield path, str(data)


def _private_list(values: list[PrivateValue]) -> Denylist:
    """The private values as a denylist whose entry numbers index ``values`` (from 1)."""
    plain: dict[str, int] = {}
    for number, value in enumerate(values, start=1):
        term = normalise(value.text)
        if term:
            plain.setdefault(term, number)
    return Denylist(plain, {})


def check_paper_html(
    settings: Settings, name: str, document: str, private: list[PrivateValue]
) -> list[Problem]:
    """Every reason the paper's HTML ``document`` (shown as ``name``) must not become a PDF."""
    findings = scan_page(name, document, ThemeScripts(), lambda _src: False, base=".")
    pairs = _record_pairs(settings)
    if pairs:
        findings += front_matter_findings(name, document, pairs)
    # Entities (&#74;) hide words from a plain reading, as in a built page.
    findings += _scan(settings, [(name, html.unescape(document))], private)
    return findings


def check_paper_text(
    settings: Settings, name: str, texts: list[tuple[str, str]], private: list[PrivateValue]
) -> list[Problem]:
    """Every denylisted term and private value in the PDF's text.

    ``texts`` are (where, text) pairs, e.g. ``("page 3", ...)``; findings at ``name``.
    """
    return _scan(settings, [(f"{name} ({where})", text) for where, text in texts], private)


def _record_pairs(settings: Settings) -> set[tuple[str, str]]:
    texts = []
    for source in discover(settings).files():
        try:
            texts.append(source.read_text())
        except OSError:
            continue  # already an error of the check
    return front_matter_pairs(texts)


def _scan(
    settings: Settings,
    documents: list[tuple[str, str]],
    private: list[PrivateValue],
) -> list[Problem]:
    """Denylist and private-value hits in each (name, text); lines are the text's."""
    found: list[Problem] = []
    denylist = settings_denylist(settings)
    privates = _private_list(private)
    for name, text in documents:
        if denylist is not None:
            for line, entry in sorted({(hit.line, hit.entry) for hit in denylist.scan(text)}):
                found.append(_denied(name, line, entry))
        for entry in sorted({hit.entry for hit in privates.scan(text)}):
            found.append(_leaked(private[entry - 1], name))
    return found


def _denied(name: str, line: int, entry: int) -> Problem:
    return Problem(
        name,
        line,
        1,
        Severity.ERROR,
        "paper-denied-term",
        f"a term from the denylist (its line {entry}) is in the paper",
    )


def _leaked(value: PrivateValue, name: str) -> Problem:
    return Problem(
        value.path,
        value.line,
        value.column,
        Severity.ERROR,
        "paper-private-value",
        f"this private value is in the paper {name}: private values are never published",
    )
