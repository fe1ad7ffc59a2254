"""A focused check: the files given on the command line plus what they reference.

``review-records check FILE ...`` (as a pre-commit hook runs it) reads only the
catalogue, the vocabulary, every review folder that holds a given file (a review's
completeness and dates are checks across its files) and the review folders those
files mention. Other folders are listed, never read, so a link to them still
resolves. Problems are then reported for the given paths only.
"""

from __future__ import annotations

import re

from ..records.sources import Layout, ReviewFolder

__all__ = ["focus"]

_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


def _inside(path: str, prefix: str) -> bool:
    prefix = prefix.rstrip("/")
    return prefix in ("", ".") or path == prefix or path.startswith(prefix + "/")


def _mentioned(folder: ReviewFolder) -> set[str]:
    """Every word in the folder's files: a superset of the review ids they reference."""
    words: set[str] = set()
    sources = ([folder.index] if folder.index else []) + [s for _, s in folder.answers]
    for source in sources:
        try:
            text = source.read_text()
        except OSError:
            continue  # the check itself reports the unreadable file
        words.update(_WORD.findall(text))
    return words


def focus(layout: Layout, chosen: list[str]) -> Layout | None:
    """The part of ``layout`` that a check of ``chosen`` paths must read.

    Returns ``None`` when a chosen path covers every review (the whole check is due).
    """
    folders = {folder.id: folder for folder in layout.reviews}
    picked: dict[str, ReviewFolder] = {}
    for folder in layout.reviews:
        parent = folder.relpath.rpartition("/")[0]
        for path in chosen:
            if _inside(parent, path):
                return None  # e.g. "reviews" or "." : every folder is wanted
            if _inside(path, folder.relpath):
                picked[folder.id] = folder
    referenced: set[str] = set()
    for folder in picked.values():
        referenced |= _mentioned(folder) & folders.keys()
    for review_id in sorted(referenced):
        picked.setdefault(review_id, folders[review_id])
    reviews = [folder for folder in layout.reviews if folder.id in picked]
    return Layout(
        markers=layout.markers,
        reviews=reviews,
        vocabulary=layout.vocabulary,
        clocks=layout.clocks,
        problems=[p for p in layout.problems if any(_inside(p.path, c) for c in chosen)],
        unread_ids=frozenset(folders.keys() - picked.keys()) | layout.unread_ids,
    )
