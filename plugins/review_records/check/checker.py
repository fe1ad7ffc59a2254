"""The pipeline: discover → read once → validate → assemble → cross-check → result.

The CLI and the MkDocs plugin are two front ends over :class:`Checker`. A Checker
keeps what it read, keyed by path, modification time and size, so that a second
run (``mkdocs serve`` rebuilding after an edit) re-reads only what changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator

from ..errors import ConfigurationError
from ..model.assemble import build_answer, build_review
from ..model.clocks import ClockRules
from ..model.collection import Answer, Collection, Marker, Vocabulary
from ..parallel import collector_paused, read_all
from ..problems import Problem, ProblemSink, Severity, sort_problems
from ..progress import Progress
from ..records.frontmatter import FrontMatter, Record, decode, parse_text
from ..records.sources import Layout, ReviewFolder, SourceFile, discover
from ..rules import severity_overrides, with_severities
from ..safety.denylist import settings_denylist, source_problems
from ..settings import Settings
from .actions import action_problems
from .catalogue import build_marker, check_catalogue, parse_vocabulary
from .clockrules import parse_clock_rules
from .collisions import id_collisions
from .crosscheck import LinkContext, check_collection, check_loose
from .fastcheck import FastCheck, compile_fast
from .identifiers import identifier_problems
from .schemas import Schemas, load_schemas
from .sitemap import site_map
from .validate import schema_problems

__all__ = ["CheckResult", "Checker"]

#: Record kinds whose text is searched for likely identifiers (the catalogue is ours).
_IDENTIFIER_KINDS = ("review", "answer")


@dataclass(slots=True)
class CheckResult:
    """The outcome of one run: the model of what passed and every problem found."""

    collection: Collection
    problems: list[Problem]
    files_checked: int

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for problem in self.problems if problem.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.errors


@dataclass(slots=True)
class _Read:
    """One file read and validated on its own (the part that can be cached)."""

    record: Record
    problems: list[Problem]
    valid: bool

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent back by a cold run's workers; constructor arguments pickle quicker.
        return (_Read, (self.record, self.problems, self.valid))


@dataclass(slots=True)
class _Run:
    """State of one run: per-file problem sinks."""

    sinks: dict[str, ProblemSink] = field(default_factory=dict)
    #: Records that failed their own checks: their bodies are still link-checked.
    unbuilt: list[Record] = field(default_factory=list)
    #: Valid answers whose review's index.md is broken: still cross-checked.
    orphans: list[Answer] = field(default_factory=list)
    #: Review id → marker numbers that have a file, valid or not.
    answer_files: dict[str, frozenset[int]] = field(default_factory=dict)
    #: Record file → its front matter: positions for the cross-file checks.
    front_matter: dict[str, FrontMatter] = field(default_factory=dict)

    def sink_for(self, path: str) -> ProblemSink:
        sink = self.sinks.get(path)
        if sink is None:
            sink = self.sinks[path] = ProblemSink(path)
        return sink

    def problems(self) -> list[Problem]:
        return [problem for sink in self.sinks.values() for problem in sink.problems]


class Checker:
    """Checks a records repository; reusable across runs in one process."""

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int = 1,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        """Load the schemas (a broken schema raises ConfigurationError).

        ``workers`` > 1 reads a big cold repository on that many processes (never
        use it in a process that runs threads, such as ``mkdocs serve``);
        ``progress`` receives a line now and then on long runs.
        """
        self.settings = settings
        self.workers = workers
        self.progress = progress
        #: Rule id → the severity the ``rules`` option asks for (a bad option raises here).
        self.severities = severity_overrides(settings.rules)
        for option in ("reviews_dir", "markers_dir", "schema_dir"):
            folder = settings.path(getattr(settings, option))
            if not folder.is_dir():
                raise ConfigurationError(
                    f"{option}: folder {settings.relative(folder)!r} does not exist"
                )
        self._memo: dict[tuple[str, str], tuple[int, int, _Read]] = {}
        self._schema_stamp: tuple[tuple[str, int, int], ...] = ()
        #: Record kind → the compiled fast path (None where the schema did not compile).
        self._fast: dict[str, FastCheck | None] = {}
        self.schemas: Schemas = self._load_schemas()

    def forget(self) -> None:
        """Drop every record read: a one-off build needs none of them after its check."""
        self._memo.clear()

    def _load_schemas(self) -> Schemas:
        """(Re)load the schemas when a schema file changed; what was read is then stale."""
        folder = self.settings.path(self.settings.schema_dir)
        stamp = tuple(
            (path.name, path.stat().st_mtime_ns, path.stat().st_size)
            for path in sorted(folder.glob("*.json"))
        )
        if stamp != self._schema_stamp:
            self.schemas = load_schemas(folder)
            self._fast = {
                kind: compile_fast(getattr(self.schemas, kind))
                for kind in ("review", "answer", "marker")
            }
            self._schema_stamp = stamp
            self._memo.clear()
        return self.schemas

    def run(self, layout: Layout | None = None) -> CheckResult:
        """Read and check everything; never raises for a problem in a record.

        ``layout`` lets a caller that already listed the files pass them in.
        """
        with collector_paused():
            return self._run(layout)

    def _run(self, layout: Layout | None) -> CheckResult:
        self._load_schemas()  # under `mkdocs serve`, a schema may have been edited
        layout = layout if layout is not None else discover(self.settings)
        self._read_new(layout)
        run = _Run()
        for problem in layout.problems:
            run.sink_for(problem.path).problems.append(problem)
        collection = Collection()
        collection.vocabulary = self._vocabulary(layout, run)
        collection.clocks = self._clocks(layout, run)
        collection.markers = self._markers(layout, run)
        known_ids = frozenset(folder.id for folder in layout.reviews) | layout.unread_ids
        for folder in layout.reviews:
            self._review(folder, collection, run)
        sources, pages = site_map(self.settings, layout, collection.vocabulary)
        context = LinkContext(
            collection,
            known_ids,
            self.settings.include_drafts,
            run.answer_files,
            sources,
            pages,
            run.front_matter,
        )
        check_collection(collection, context, run.sink_for)
        check_loose(run.unbuilt, run.orphans, context, run.sink_for)
        denylist = settings_denylist(self.settings)
        if denylist is not None:
            for problem in source_problems(denylist, layout.files()):
                run.sink_for(problem.path).problems.append(problem)
        for problem in id_collisions(layout, self.settings):
            run.sink_for(problem.path).problems.append(problem)
        return CheckResult(collection, self.judge(run.problems()), len(layout.files()))

    def judge(self, problems: list[Problem]) -> list[Problem]:
        """Problems at the severities the ``rules`` option sets, in report order.

        Every problem a front end reports passes here (the plugin's post-build
        ones too), so each command sees the same severities.
        """
        return sort_problems(with_severities(problems, self.severities))

    def _read_new(self, layout: Layout) -> None:
        """Read every file the memo lacks, on several processes when there are many."""
        jobs = [
            (source, kind) for source, kind in layout.records() if not self._memo_hit(source, kind)
        ]
        with Progress(self.progress, len(jobs), "read") as progress:
            reads = read_all(self._fresh, jobs, self.workers)
            for (source, kind), read in zip(jobs, reads, strict=True):
                self._memo[(source.relpath, kind)] = (source.mtime_ns, source.size, read)
                progress.advance()

    def _memo_hit(self, source: SourceFile, kind: str) -> _Read | None:
        cached = self._memo.get((source.relpath, kind))
        if cached and cached[0] == source.mtime_ns and cached[1] == source.size:
            return cached[2]
        return None

    def _fresh(self, job: tuple[SourceFile, str]) -> _Read:
        source, kind = job
        return self._read(source, kind, getattr(self.schemas, kind))

    def _read(self, source: SourceFile, kind: str, validator: Draft202012Validator) -> _Read:
        memo_key = (source.relpath, kind)
        cached = self._memo_hit(source, kind)
        if cached is not None:
            return cached
        sink = ProblemSink(source.relpath)
        text = _read_text(source, sink)
        record = (
            parse_text(source.relpath, text, sink)
            if text is not None
            else Record(source.relpath, None, "", 1)
        )
        valid = record.front_matter is not None and not sink.problems
        if record.front_matter is not None:
            fast = self._fast.get(kind)
            # The compiled check only says "valid"; jsonschema words every problem.
            if fast is None or not fast(record.front_matter.data):
                valid = schema_problems(record.front_matter, validator, sink) and valid
            if kind == "answer":
                action_problems(record.front_matter, sink)
        if text is not None and kind in _IDENTIFIER_KINDS:
            # Warnings only: they never make a record invalid, so they go to the sink after.
            identifier_problems(record, text, sink)
        read = _Read(record, sink.problems, valid)
        self._memo[memo_key] = (source.mtime_ns, source.size, read)
        return read

    def _vocabulary(self, layout: Layout, run: _Run) -> Vocabulary:
        source = layout.vocabulary
        if source is None:
            path = f"{self.settings.schema_dir}/vocabulary.yml"
            run.sink_for(path).error(
                1, 1, "vocabulary", "the vocabulary file is missing: every theme will be unknown"
            )
            return Vocabulary()
        sink = run.sink_for(source.relpath)
        text = _read_text(source, sink)
        return parse_vocabulary(text, sink) if text is not None else Vocabulary()

    def _clocks(self, layout: Layout, run: _Run) -> ClockRules | None:
        source = layout.clocks
        if source is None:
            return None  # a repository from before the clocks: the legacy rule alone
        sink = run.sink_for(source.relpath)
        text = _read_text(source, sink)
        return parse_clock_rules(text, sink) if text is not None else ClockRules()

    def _markers(self, layout: Layout, run: _Run) -> dict[int, Marker]:
        found: dict[int, list[Marker]] = defaultdict(list)
        for number, slug, source in layout.markers:
            read = self._take(source, "marker", self.schemas.marker, run)
            if read.valid:
                found[number].append(build_marker(number, slug, read.record))
            else:
                run.unbuilt.append(read.record)
        present = {number for number, _, _ in layout.markers}
        check_catalogue(found, present, self.settings.markers_dir, run.front_matter, run.sink_for)
        return {number: markers[0] for number, markers in sorted(found.items())}

    def _take(
        self, source: SourceFile, kind: str, validator: Draft202012Validator, run: _Run
    ) -> _Read:
        read = self._read(source, kind, validator)
        run.sink_for(source.relpath).problems.extend(read.problems)
        if read.record.front_matter is not None:
            run.front_matter[source.relpath] = read.record.front_matter
        return read

    def _review(self, folder: ReviewFolder, collection: Collection, run: _Run) -> None:
        review = None
        if folder.index is None:
            run.sink_for(f"{folder.relpath}/index.md").error(
                1,
                1,
                "review-index-missing",
                "every review folder needs an index.md with the review's metadata",
            )
        else:
            read = self._take(folder.index, "review", self.schemas.review, run)
            if read.valid:
                review = build_review(folder.id, read.record)
            else:
                run.unbuilt.append(read.record)
        seen: dict[int, str] = {}
        for number, source in folder.answers:
            read = self._take(source, "answer", self.schemas.answer, run)
            if number in seen:
                run.sink_for(source.relpath).error(
                    1,
                    1,
                    "answer-duplicate",
                    f"marker {number:02d} is answered twice in this review "
                    f"(also in {seen[number]}); keep one file",
                )
                continue
            seen[number] = source.relpath
            if not read.valid:
                run.unbuilt.append(read.record)
            elif review is not None:
                review.answers[number] = build_answer(folder.id, number, read.record)
            else:
                run.orphans.append(build_answer(folder.id, number, read.record))
        run.answer_files[folder.id] = frozenset(seen)
        if review is not None:
            collection.reviews[review.id] = review


def _read_text(source: SourceFile, sink: ProblemSink) -> str | None:
    """The file's text, or None with its problem (unreadable, not UTF-8) in ``sink``."""
    raw = source.read_or_report(sink)
    return decode(raw, sink) if raw is not None else None
