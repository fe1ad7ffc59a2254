"""Names that differ only in case or Unicode form: one file on Windows and macOS.

``Child-Q`` and ``child-q`` (or ``child-q`` written with a fullwidth letter) are
two folders on Linux but one on the file systems most authors use, so which one
a build reads would depend on the machine. Every such group is an error.
"""

from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from pathlib import Path

from ..problems import Problem, Severity
from ..records.sources import Layout
from ..settings import Settings

__all__ = ["fold_name", "id_collisions"]


def fold_name(name: str) -> str:
    """A name as a case-insensitive, Unicode-normalising file system compares it."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _names(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as scan:
            return sorted(entry.name for entry in scan if not entry.name.startswith("."))
    except OSError:
        return []


def _clashes(folder: Path, settings: Settings) -> list[Problem]:
    groups: dict[str, list[str]] = defaultdict(list)
    for name in _names(folder):
        groups[fold_name(name)].append(name)
    problems = []
    for names in groups.values():
        if len(names) < 2:
            continue
        for name in names:
            others = ", ".join(repr(other) for other in names if other != name)
            problems.append(
                Problem(
                    settings.relative(folder / name),
                    1,
                    1,
                    Severity.ERROR,
                    "name-collision",
                    f"{name!r} and {others} differ only in case or Unicode form, so they are "
                    "one file on Windows and macOS: rename or merge them",
                )
            )
    return problems


def id_collisions(layout: Layout, settings: Settings) -> list[Problem]:
    """An error for every review folder, record or marker file whose name collides."""
    reviews = settings.path(settings.reviews_dir)
    problems = _clashes(reviews, settings)
    problems += _clashes(settings.path(settings.markers_dir), settings)
    for folder in layout.reviews:
        problems += _clashes(reviews / folder.id, settings)
    return problems
