"""Say what a long run is doing, and nothing on a short one.

A run over thousands of files tells the user it has started, how far it got
every few seconds, and how long it took. Runs under :data:`PROGRESS_FROM` items
stay silent unless they pass :data:`AFTER_SECONDS` anyway (a slow disk).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

__all__ = ["AFTER_SECONDS", "PROGRESS_FROM", "Progress"]

#: From this many items a run announces itself at once.
PROGRESS_FROM = 2_000
#: A smaller run speaks once it has taken this long, and then as often.
AFTER_SECONDS = 2.0


class Progress:
    """Counts items done and sends an occasional line to ``report`` (None: silent)."""

    def __init__(
        self,
        report: Callable[[str], None] | None,
        total: int,
        verb: str,
        *,
        noun: str = "files",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.report = report
        self.total = total
        self.verb = verb
        self.noun = noun
        self.done = 0
        self.clock = clock
        self.started = clock()
        self.next_at = self.started + AFTER_SECONDS
        self.spoke = False

    def __enter__(self) -> Progress:
        if self.report is not None and self.total >= PROGRESS_FROM:
            self._say(f"{self.verb} {self.total:,} {self.noun} ...")
        return self

    def advance(self, count: int = 1) -> None:
        """Note ``count`` more items done; speak if it is time."""
        self.done += count
        if self.report is None or self.done & 63:  # look at the clock every 64 items
            return
        now = self.clock()
        if now >= self.next_at:
            self.next_at = now + AFTER_SECONDS
            elapsed = now - self.started
            self._say(f"{self.verb} {self.done:,} of {self.total:,} {self.noun} ({elapsed:.0f} s)")

    def finish(self) -> None:
        """Say how long it took, if anything was said before."""
        self.__exit__(None, None, None)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.spoke and kind is None and self.report is not None:
            elapsed = self.clock() - self.started
            self._say(f"{self.verb} {self.done:,} {self.noun} in {elapsed:.1f} s")

    def _say(self, line: str) -> None:
        assert self.report is not None
        self.spoke = True
        self.report(line)
