"""Where a cold ``check`` spends its time: each stage of reading a record, in one process.

Generates R synthetic (fictional) reviews of 19 files each, then runs every
stage the checker runs on each file, one after the other, and prints the total
and per-file time of each (the fastest of ``--runs``). The garbage collector is
paused, as ``Checker.run`` pauses it. Use it to see which stage a change to the
reading pipeline should target; ``make bench`` gives the figures that count.

Usage: python scripts/bench_read.py [--reviews 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import ROOT, make_repo  # the sibling script, not a package

sys.path.insert(0, str(ROOT / "plugins"))
from review_records.check.checker import _IDENTIFIER_KINDS, Checker, _jobs
from review_records.check.identifiers import identifier_problems
from review_records.problems import ProblemSink
from review_records.records.frontmatter import decode, parse_text
from review_records.records.sources import discover
from review_records.settings import settings_from_mkdocs_yml

STAGES = ("list", "read bytes", "decode", "split and YAML", "validate (fast)", "identifiers")


def one_pass(folder: Path) -> dict[str, float]:
    """Seconds spent in each stage over every record file of the repository at ``folder``."""
    settings = settings_from_mkdocs_yml(folder / "mkdocs.yml")
    checker = Checker(settings)
    spent = dict.fromkeys(STAGES, 0.0)
    start = time.perf_counter()
    layout = discover(settings)
    spent["list"] = time.perf_counter() - start
    for source, kind in _jobs(layout):
        sink = ProblemSink(source.relpath)
        marks = [time.perf_counter()]
        raw = source.read_bytes()
        marks.append(time.perf_counter())
        text = decode(raw, sink)
        assert text is not None, source.relpath
        marks.append(time.perf_counter())
        record = parse_text(source.relpath, text, sink)
        assert record.front_matter is not None, source.relpath
        marks.append(time.perf_counter())
        fast = checker._fast.get(kind)  # the compiled schema, as Checker._read uses it
        if fast is not None:
            fast(record.front_matter.data)
        marks.append(time.perf_counter())
        if kind in _IDENTIFIER_KINDS:  # as Checker._read scans them
            identifier_problems(record, text, sink)
        marks.append(time.perf_counter())
        for stage, before, after in zip(STAGES[1:], marks[:-1], marks[1:], strict=True):
            spent[stage] += after - before
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="passes (the fastest is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_repo(folder, args.reviews)
        files = sum(1 for _ in (folder / "reviews").rglob("*.md")) + 19
        gc.disable()
        passes = [one_pass(folder) for _ in range(args.runs)]
    print(f"{args.reviews} reviews, {files} files; one process; fastest of {args.runs} passes")
    print("stage | seconds | µs a file")
    for stage in STAGES:
        best = min(p[stage] for p in passes)
        print(f"{stage} | {best:.2f} | {best / files * 1e6:.0f}")
    total = min(sum(p.values()) for p in passes)
    print(f"total | {total:.2f} | {total / files * 1e6:.0f}")


if __name__ == "__main__":
    main()
