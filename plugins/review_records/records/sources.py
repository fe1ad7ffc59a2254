"""Find the record files of a repository, refusing what must not be read."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, ProblemSink
from ..settings import Settings

__all__ = ["ANSWER_FILE", "ID_PATTERN", "MARKER_FILE", "Layout", "SourceFile", "discover"]

#: A review's id: its folder name (DESIGN.md §2).
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
#: ``qm05.md`` or ``qm05-any-words.md`` inside a review folder.
ANSWER_FILE = re.compile(r"qm(\d{2})(?:-[a-z0-9][a-z0-9-]*)?\.md")
#: ``qm05-clarity-of-purpose.md`` in the catalogue.
MARKER_FILE = re.compile(r"qm(\d{2})-([a-z0-9][a-z0-9-]*)\.md")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A record file to read: where it is and its identity for caching.

    The location is kept as text and becomes a Path only when the file is read:
    a run with nothing changed lists tens of thousands of files and reads none.
    """

    location: str
    relpath: str
    mtime_ns: int
    size: int

    @property
    def path(self) -> Path:
        """The file's absolute path."""
        return Path(self.location)

    def read_bytes(self) -> bytes:
        """The file's bytes (raises OSError), opened by its text path.

        A cold check reads every file; making a Path for each cost more than
        opening and reading it (figures: docs/guide/scale.md).
        """
        with open(self.location, "rb") as handle:  # noqa: PTH123 - no Path, on purpose
            return handle.read()

    def read_text(self) -> str:
        """The file's text, bytes that are not UTF-8 replaced (raises OSError).

        For scans that must read every file, even one the checker reports as
        not UTF-8.
        """
        return self.read_bytes().decode("utf-8", errors="replace")

    def read_or_report(self, sink: ProblemSink) -> bytes | None:
        """The file's bytes, or None with a ``file-unreadable`` problem in ``sink``."""
        try:
            return self.read_bytes()
        except OSError as exc:
            sink.error(1, 1, "file-unreadable", f"the file cannot be read: {exc.strerror}")
            return None


@dataclass(slots=True)
class ReviewFolder:
    """One review folder: its index and answer files (problems in names reported)."""

    id: str
    relpath: str
    index: SourceFile | None = None
    answers: list[tuple[int, SourceFile]] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    """What a repository holds, before any file is read."""

    markers: list[tuple[int, str, SourceFile]] = field(default_factory=list)
    reviews: list[ReviewFolder] = field(default_factory=list)
    vocabulary: SourceFile | None = None
    #: ``clocks.yml``, the clock rules; a repository without one has only the legacy rule.
    clocks: SourceFile | None = None
    problems: list[Problem] = field(default_factory=list)
    #: Ids of review folders left out of a focused check: they exist, but are not read.
    unread_ids: frozenset[str] = frozenset()

    def files(self) -> list[SourceFile]:
        """Every file that will be read, in a stable order."""
        found = [source for _, _, source in self.markers]
        for review in self.reviews:
            if review.index:
                found.append(review.index)
            found.extend(source for _, source in review.answers)
        if self.vocabulary:
            found.append(self.vocabulary)
        if self.clocks:
            found.append(self.clocks)
        return found

    def records(self) -> Iterator[tuple[SourceFile, str]]:
        """Every record file with its kind (``marker``, ``review``, ``answer``), in order."""
        for _, _, source in self.markers:
            yield source, "marker"
        for folder in self.reviews:
            if folder.index is not None:
                yield folder.index, "review"
            for _, source in folder.answers:
                yield source, "answer"


def _entries(folder: Path | str) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as scan:
        return sorted((entry for entry in scan if not entry.name.startswith(".")), key=_name)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _source(entry: os.DirEntry[str], settings: Settings, folder: str | None = None) -> SourceFile:
    """``folder``, when given, is the entry's folder relative to the root (saves pathlib work)."""
    stat = entry.stat(follow_symlinks=False)
    relpath = (
        f"{folder}/{entry.name}" if folder is not None else settings.relative(Path(entry.path))
    )
    return SourceFile(entry.path, relpath, stat.st_mtime_ns, stat.st_size)


def _refuse_link(entry: os.DirEntry[str], settings: Settings, layout: Layout) -> bool:
    if not entry.is_symlink():
        return False
    sink = ProblemSink(settings.relative(Path(entry.path)))
    sink.error(
        1,
        1,
        "symlink",
        "symbolic links are not read: they can point outside the repository; "
        "replace the link with the file or folder itself",
    )
    layout.problems.extend(sink.problems)
    return True


def discover(settings: Settings) -> Layout:
    """List the catalogue, the review folders, the vocabulary and the clock rules."""
    layout = Layout()
    _discover_markers(settings, layout)
    _discover_reviews(settings, layout)
    schema_dir = settings.path(settings.schema_dir)
    if schema_dir.is_dir():
        for entry in _entries(schema_dir):
            if entry.name == "vocabulary.yml" and not _refuse_link(entry, settings, layout):
                layout.vocabulary = _source(entry, settings)
            elif entry.name == "clocks.yml" and not _refuse_link(entry, settings, layout):
                layout.clocks = _source(entry, settings)
    return layout


def _discover_markers(settings: Settings, layout: Layout) -> None:
    folder = settings.path(settings.markers_dir)
    for entry in _entries(folder):
        if _refuse_link(entry, settings, layout) or not entry.name.endswith(".md"):
            continue
        sink = ProblemSink(settings.relative(Path(entry.path)))
        match = MARKER_FILE.fullmatch(entry.name)
        if not match or not entry.is_file():
            sink.error(
                1,
                1,
                "marker-file-name",
                f"{entry.name!r} is not a marker file name: use qmNN-words.md, "
                "e.g. qm05-clarity-of-purpose.md",
            )
        else:
            layout.markers.append((int(match.group(1)), match.group(2), _source(entry, settings)))
        layout.problems.extend(sink.problems)


def _discover_reviews(settings: Settings, layout: Layout) -> None:
    folder = settings.path(settings.reviews_dir)
    # Paths are joined as strings: pathlib was a large share of listing the review folders.
    base = settings.relative(folder)
    for entry in _entries(folder):
        if _refuse_link(entry, settings, layout):
            continue
        sink = ProblemSink(f"{base}/{entry.name}")
        if not entry.is_dir():
            if entry.name.endswith(".md"):
                sink.error(
                    1,
                    1,
                    "review-layout",
                    "records live in a folder per review: move this file into "
                    f"{settings.reviews_dir}/<id>/",
                )
            layout.problems.extend(sink.problems)
            continue
        if not ID_PATTERN.fullmatch(entry.name):
            sink.error(
                1,
                1,
                "review-id",
                f"{entry.name!r} is not a valid review id: use lower-case letters, digits "
                "and hyphens, starting with a letter or digit, at most 63 characters",
            )
            layout.problems.extend(sink.problems)
            continue
        layout.reviews.append(_review_folder(entry, sink.path, settings, layout))


def _review_folder(
    folder: os.DirEntry[str], relpath: str, settings: Settings, layout: Layout
) -> ReviewFolder:
    review = ReviewFolder(folder.name, relpath)
    for entry in _entries(folder.path):
        if _refuse_link(entry, settings, layout) or not entry.name.endswith(".md"):
            continue
        match = ANSWER_FILE.fullmatch(entry.name)
        if entry.name == "index.md" and entry.is_file():
            review.index = _source(entry, settings, review.relpath)
        elif match and entry.is_file():
            review.answers.append((int(match.group(1)), _source(entry, settings, review.relpath)))
        else:
            sink = ProblemSink(f"{relpath}/{entry.name}")
            sink.error(
                1,
                1,
                "answer-file-name",
                f"{entry.name!r} is not a record file name: a review folder holds index.md "
                "and qmNN.md (or qmNN-any-words.md) for marker NN",
            )
            layout.problems.extend(sink.problems)
    return review
