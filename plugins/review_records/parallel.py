"""Read a big cold repository on two cores; small runs and rebuilds stay in one process.

Reading and validating a file is independent of every other file, so a first run
over thousands of records splits them between worker processes. Workers are forked
(they inherit the compiled validators, which cannot be pickled) and send back the
parsed records, which is not free: below :data:`PARALLEL_FROM` files the pool
costs more than it saves (figures: docs/guide/scale.md). A build's
post-build check scans its pages the same way (from a lower threshold: a page
takes longer to scan than a record to read).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["PARALLEL_FROM", "collector_paused", "default_workers", "read_all"]

#: Fewer files than this are read in this process (a margin above the break-even).
PARALLEL_FROM = 2_000
#: Files a worker reads before sending them back: large enough to make the
#: messages few, small enough to keep both workers busy to the end.
CHUNK = 400

Job = TypeVar("Job")

#: The reading function, set just before forking so the workers inherit it.
_read: Callable[[Any], Any] | None = None


def _work(chunk: Sequence[Any]) -> list[Any]:
    assert _read is not None, "set before the workers were forked"
    return [_read(job) for job in chunk]


def read_all(
    read: Callable[[Job], Any],
    jobs: Sequence[Job],
    workers: int,
    minimum: int = PARALLEL_FROM,
) -> Iterator[Any]:
    """``read(job)`` for every job, in order; on ``workers`` processes from ``minimum`` jobs."""
    if workers < 2 or len(jobs) < minimum or not _can_fork():
        yield from map(read, jobs)
        return
    global _read  # the one way to hand a closure to forked workers
    _read = read
    size = min(CHUNK, -(-len(jobs) // (workers * 4)))  # at least four chunks a worker
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    # A collection in a worker would walk every object the parent had when it forked
    # (a build's post-build check forks from all of MkDocs' pages), and copy the memory
    # it touches; frozen, they are not walked (figures: docs/guide/scale.md).
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    except OSError:  # no processes to spare: read them here
        _read = None
        gc.unfreeze()
        yield from map(read, jobs)
        return
    try:
        with pool:
            for results in pool.imap(_work, chunks):
                yield from results
    finally:
        _read = None
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a check reads and assembles records.

    Reading makes millions of small lists, dicts and nodes that stay alive, and
    each full collection walks all of them again, which slows a cold check and
    the assembly of a warm one (figures: docs/guide/scale.md). Nothing read
    refers to itself, so nothing waits to be freed; reference counting still
    frees everything else at once. Forked workers inherit the pause.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_workers() -> int:
    """Two processes where there are two cores: more made no difference on 2-4 cores."""
    return min(2, os.cpu_count() or 1)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
