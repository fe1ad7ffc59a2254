"""Record links that led to no page of the built site, as problems at the record's line.

MkDocs resolves ``.md`` links while it renders, after the checker has run, so a
link can still turn out to lead nowhere (a hand-written page gone, a listing
quoting a record's text). Each becomes a ``link-unresolved`` warning, reported
with the build's other problems so that ``--strict`` and ``rules:`` apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..problems import Problem, Severity
from ..settings import Settings

__all__ = ["Unresolved", "link_problems"]

#: A page's source path, whether the plugin generated it, and the link target.
Unresolved = tuple[str, bool, str]


def link_problems(
    unresolved: Iterable[Unresolved], record_of: Mapping[str, str], settings: Settings
) -> list[Problem]:
    """A problem for each link that led to no page, at the record's line.

    ``record_of`` maps a generated page to the record file it shows. A listing
    page shows text of several records: its links are reported at the record
    when that record's own page has the same link, else at the listing.
    """
    problems: list[Problem] = []
    texts: dict[str, str] = {}  # each file read once, however many of its links failed
    at_records: set[str] = set()
    at_listings: list[tuple[str, str]] = []
    for src_uri, generated, target in unresolved:
        if generated:
            path = record_of.get(src_uri)
            if path is None:
                at_listings.append((src_uri, target))
                continue
        else:
            path = f"{settings.docs_dir}/{src_uri}"
        at_records.add(target)
        problems.append(_link_problem(_text(settings, path, texts), path, target))
    problems += [
        _link_problem(_text(settings, listing, texts), listing, target)
        for listing, target in at_listings
        if target not in at_records
    ]
    return problems


def _text(settings: Settings, path: str, texts: dict[str, str]) -> str:
    """The text of ``path`` (relative to the root), read once; "" if there is none."""
    if path not in texts:
        try:
            texts[path] = (settings.root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            texts[path] = ""  # a generated listing has no file; a record's problems say the rest
    return texts[path]


def _link_problem(text: str, path: str, target: str) -> Problem:
    """A link that led to no page, at the first line of ``text`` that has it (else line 1)."""
    line, column = 1, 1
    for number, line_text in enumerate(text.splitlines(), start=1):
        if target in line_text:
            line, column = number, line_text.index(target) + 1
            break
    return Problem(
        path,
        line,
        column,
        Severity.WARNING,
        "link-unresolved",
        f"the link to {target!r} leads to no page of the built site",
    )
