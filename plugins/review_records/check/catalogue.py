"""The marker catalogue and the controlled vocabularies, built from checked records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.collection import MARKER_NUMBERS, Marker, RecordFile, Vocabulary
from ..problems import ProblemSink
from ..records.frontmatter import FrontMatter, Record, parse_yaml
from ..records.sources import ID_PATTERN
from .validate import did_you_mean

__all__ = ["build_marker", "check_catalogue", "parse_vocabulary"]


def build_marker(number: int, slug: str, record: Record) -> Marker:
    """A Marker from a schema-valid definition record."""
    data = record.front_matter.data if record.front_matter else {}
    return Marker(
        number=number,
        slug=slug,
        title=data["title"],
        stage=data["stage"],
        questions=dict(data["questions"]),
        source=data["source"],
        url=data.get("url"),
        questions_complete=data.get("questions_complete", True),
        project_questions=list(data.get("project_questions", [])),
        file=RecordFile.of(record),
    )


def check_catalogue(
    markers: dict[int, list[Marker]],
    present: set[int],
    folder: str,
    front_matter: Mapping[str, FrontMatter],
    sink_for: Any,
) -> None:
    """Exactly one definition per marker number 1..18; project questions must exist.

    ``present`` holds the numbers that have a file at all: a file that exists but is
    invalid is reported once, at its own problem, never as missing too.
    """
    for number, found in sorted(markers.items()):
        if number not in MARKER_NUMBERS:
            for marker in found:
                sink_for(marker.file.path).error(
                    1, 1, "marker-number", f"marker numbers run from 01 to 18, not {number:02d}"
                )
        for extra in found[1:]:
            sink_for(extra.file.path).error(
                1,
                1,
                "marker-duplicate",
                f"marker {number:02d} is defined twice (also in {found[0].file.path}); keep one",
            )
        for marker in found[:1]:
            fm = front_matter[marker.file.path]
            _check_project_questions(marker, fm, sink_for(marker.file.path))
    for number in MARKER_NUMBERS:
        if number not in markers and number not in present:
            sink_for(folder).error(
                1,
                1,
                "marker-missing",
                f"the catalogue has no definition of marker {number:02d}: "
                f"add {folder}/qm{number:02d}-<title-words>.md",
            )


def _check_project_questions(marker: Marker, fm: FrontMatter, sink: ProblemSink) -> None:
    for index, qid in enumerate(marker.project_questions):
        if qid not in marker.questions:
            where = fm.value_at(("project_questions", index))
            sink.error(
                where.line,
                where.column,
                "question-unknown",
                f"project_questions names {qid!r}, which is not in this marker's questions",
            )


def parse_vocabulary(text: str, sink: ProblemSink) -> Vocabulary:
    """Read ``vocabulary.yml``: ``themes``, ``agencies`` and ``harm_types``, slug → title.

    ``harm_types`` came later and is optional, so a partnership's older file stays valid.
    """
    fm = parse_yaml(text, sink, first_line=1)
    vocabulary = Vocabulary()
    if fm is None:
        return vocabulary
    for key in fm.data:
        if key not in ("themes", "agencies", "harm_types"):
            where = fm.key_at((key,))
            sink.error(
                where.line,
                where.column,
                "vocabulary",
                f"unknown vocabulary {key!r}: the file holds 'themes', 'agencies' and "
                "'harm_types'" + did_you_mean(key, ("themes", "agencies", "harm_types")),
            )
    vocabulary.themes = _slug_titles(fm, "themes", sink)
    vocabulary.agencies = _slug_titles(fm, "agencies", sink)
    if "harm_types" in fm.data:
        vocabulary.harm_types = _slug_titles(fm, "harm_types", sink)
    return vocabulary


def _slug_titles(fm: FrontMatter, name: str, sink: ProblemSink) -> dict[str, str]:
    value = fm.data.get(name)
    if value is None:
        where = fm.key_at(())
        sink.error(where.line, where.column, "vocabulary", f"the vocabulary has no {name!r} list")
        return {}
    if not isinstance(value, dict):
        where = fm.value_at((name,))
        sink.error(where.line, where.column, "vocabulary", f"{name} must map slug: title")
        return {}
    result: dict[str, str] = {}
    for slug, title in value.items():
        if not ID_PATTERN.fullmatch(slug) or not isinstance(title, str) or not title.strip():
            where = fm.key_at((name, slug))
            sink.error(
                where.line,
                where.column,
                "vocabulary",
                f"{name} entry {slug!r} must be a lower-case slug with a title, "
                "e.g. 'domestic-abuse: Domestic abuse'",
            )
            continue
        result[slug] = title
    return result
