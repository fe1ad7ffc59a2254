"""Benchmark the whole tool at national scale: check, build, baseline, memory, serve, size.

Generates R synthetic (fictional) reviews of 19 files each (scripts/bench_check.py
writes them) in a temporary folder with this project's mkdocs.yml, docs and theme,
then prints one row per R with medians of ``--runs`` runs. A first row, ``samples``,
does the same with the bundled sample records (``--no-samples`` leaves it out):

- ``check cold`` / ``check warm``: ``review-records check`` without and with its cache;
- ``build``: ``mkdocs build`` with the plugin;
- ``baseline``: plain ``mkdocs build`` without the plugin of the same theme, a
  one-page nav, and the very record files as ordinary pages (#17), in the same run;
- ``ratio``: build / baseline (target <= 1.5);
- ``peak MB``: the build's peak resident memory (``wait4`` rusage of the child);
- ``serve edit``: from saving one answer file to its page showing the change under
  ``make serve``'s command, ``mkdocs serve --dirty --no-strict`` (a real server on a
  free port, polled every 50 ms; ``--serve full`` measures plain ``mkdocs serve``),
  for an edit to the answer's notes, which no other page shows;
- ``serve judgement``: the same for an edit that also changes the answer's
  judgement, which the review, marker and aggregate pages show;
- ``site MB``: the size of the built site.

Then a search table (``scripts/bench_search.py``; ``--skip search`` leaves it out):
for each R, the same site built with Pagefind (as the project builds it), with
MkDocs' lunr ``search`` plugin instead, and with no search, in the same run; index
build time and size, what a reader downloads up to the first results of a query
and how long they take in headless Chromium, page weights, and how long the home
page takes to load there.

Every time is given as wall seconds and, in brackets, the CPU seconds of the child
and its workers: on a shared machine the wall time depends on the neighbours, the
CPU time much less.

Usage: python scripts/bench_scale.py [--reviews 100 1000] [--runs 3] [--theme material]
       [--skip build,serve,search] [--no-samples] [--serve dirty|full] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import ROOT, make_repo  # the sibling scripts, not a package
from bench_search import COLUMNS as SEARCH_COLUMNS
from bench_search import WORD, search_rows

BIN = Path(sys.executable).parent
#: Pages are dated from this day, so the plugin build and the baseline are identical.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
#: The answer each serve measure edits, by case: synthetic reviews, or the samples.
EDITED = {
    "synthetic": "reviews/child-00001/qm05.md",
    "samples": "reviews/sample-child-kestrel/qm05.md",
}
#: What ``make serve`` adds to ``mkdocs serve`` (see the Makefile and the Scale guide);
#: ``--no-strict`` because MkDocs warns about every dirty build.
SERVE_FLAGS = {"dirty": ["--dirty", "--no-strict"], "full": []}
#: The sample records, with what the site is built from.
SAMPLE_FOLDERS = ("reviews", "markers", "schema", "docs", "overrides")


@dataclass
class Timing:
    """One child process: wall and CPU seconds, peak resident memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


def run(args: list[str], cwd: Path, log: Path | None = None) -> Timing:
    """Run a command to the end and measure it (its workers' CPU and memory count).

    ``log`` keeps what it printed.
    """
    with log.open("w+b") if log else tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            out.seek(0)
            tail = out.read()[-3000:].decode(errors="replace")
            raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{tail}")
    # ru_maxrss is in kilobytes on Linux.
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(timings: list[Timing]) -> Timing:
    """The median of each measure separately."""
    return Timing(
        statistics.median(t.wall for t in timings),
        statistics.median(t.cpu for t in timings),
        statistics.median(t.peak_mb for t in timings),
    )


def prepare(folder: Path, reviews: int | None, theme: str, *, baseline: bool = True) -> None:
    """The records (``None``: the samples), this project's docs, theme overrides and
    mkdocs.yml (theme swapped)."""
    if reviews is None:
        for name in SAMPLE_FOLDERS:
            shutil.copytree(ROOT / name, folder / name)
    else:
        make_repo(folder, reviews)
        shutil.rmtree(folder / "docs")
        shutil.copytree(ROOT / "docs", folder / "docs")
        shutil.copytree(ROOT / "overrides", folder / "overrides")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if theme != "material":
        # highlight.js comes from a CDN, which the post-build check refuses.
        config["theme"] = {"name": theme, "highlightjs": False}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    if baseline:
        write_baseline(folder, config)


def write_baseline(folder: Path, config: dict[str, object]) -> None:
    """The record files as ordinary pages in baseline/, and a config without the plugin.

    This is #17's "plain MkDocs": the same theme, a one-page nav, no plugin, and
    the very record files (front matter and Markdown bodies) the plugin reads,
    beside the hand-written docs.
    """
    shutil.copytree(folder / "docs", folder / "baseline")
    for name in ("reviews", "markers"):
        shutil.copytree(folder / name, folder / "baseline" / name)
    plain = dict(config)
    plain["docs_dir"] = "baseline"
    plain["strict"] = False
    plain["plugins"] = [p for p in config["plugins"] if not isinstance(p, dict)]
    plain["nav"] = [{"Home": "index.md"}]
    # The records' pages are reached from nowhere: no warning about each one.
    plain["not_in_nav"] = "/reviews/\n/markers/\n" + str(config.get("not_in_nav") or "")
    plain["validation"] = {"links": {"not_found": "info", "unrecognized_links": "info"}}
    (folder / "baseline.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")


def size_mb(folder: Path) -> float:
    """Total size of the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    """The page's text, or None while the server cannot answer yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _edited(original: str, number: int, *, judgement: bool) -> tuple[str, str]:
    """A token to wait for, and the answer's text with it (and a new judgement if asked)."""
    token = f"Edited for the benchmark, round {number} (fictional)."
    text = original.replace("## Notes", f"## Notes\n\n{token}")
    if judgement:
        found = re.search(r"^judgement: (\S+)$", original, re.MULTILINE)
        assert found is not None, "a synthetic answer always has a judgement"
        others = [j for j in ("met", "partly-met", "not-met") if j != found.group(1)]
        text = text.replace(found.group(0), f"judgement: {others[number % 2]}", 1)
    return token, text


def serve_edits(
    folder: Path, edits: int, edited: str, mode: str = "dirty"
) -> tuple[list[float], list[float]]:
    """Seconds from saving the answer file ``edited`` to its page showing the change.

    ``edits`` edits of the notes alone, then as many that change the judgement too.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/{edited.removesuffix('.md')}/"
    command = [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}", *SERVE_FLAGS[mode]]
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen(command, cwd=folder, env=ENV, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 1800
        while fetch(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mkdocs serve did not come up; see {folder / 'serve.log'}")
            time.sleep(0.5)
        source = folder / edited
        original = source.read_text(encoding="utf-8")
        latencies: dict[bool, list[float]] = {False: [], True: []}
        for number in range(2 * edits):
            judgement = number >= edits
            token, text = _edited(original, number, judgement=judgement)
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            source.write_text(text, "utf-8")
            saved = time.perf_counter()
            while token not in (fetch(url) or ""):
                if time.perf_counter() - saved > 600:
                    raise SystemExit("the edit never showed up under serve")
                time.sleep(0.05)
            latencies[judgement].append(time.perf_counter() - saved)
        source.write_text(original, encoding="utf-8")
        return latencies[False], latencies[True]
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def bench(
    count: int | None, args: argparse.Namespace, searches: list[dict[str, str]]
) -> dict[str, str]:
    """Every measure for ``count`` reviews (``None``: the samples), formatted for the table.

    The search table's rows for it are added to ``searches``.
    """
    row: dict[str, str] = {"R": "samples" if count is None else str(count)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp) / (f"r{count}" if count is not None else "samples")
        folder.mkdir(parents=True, exist_ok=True)
        prepare(folder, count, args.theme, baseline="build" not in args.skip)
        row["files"] = str(sum(1 for _ in (folder / "reviews").rglob("*.md")) + 19)
        check = [str(BIN / "review-records"), "check"]
        cold, warm = [], []
        for _ in range(args.runs):
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            cold.append(run(check, folder))
            warm.append(run(check, folder))
        row["check cold"] = _secs(median(cold))
        row["check warm"] = _secs(median(warm))
        if "build" not in args.skip:
            builds, plains = [], []
            for _ in range(args.runs):
                builds.append(run([str(BIN / "mkdocs"), "build", "-q", "-d", "site"], folder))
                plains.append(
                    run(
                        [str(BIN / "mkdocs"), "build", "-q", "-f", "baseline.yml", "-d", "plain"],
                        folder,
                    )
                )
            built, plain = median(builds), median(plains)
            row["build"] = _secs(built)
            row["baseline"] = _secs(plain)
            row["ratio"] = f"{built.wall / plain.wall:.2f} ({built.cpu / plain.cpu:.2f})"
            row["peak MB"] = f"{built.peak_mb:.0f} ({plain.peak_mb:.0f})"
            row["site MB"] = f"{size_mb(folder / 'site'):.0f} ({size_mb(folder / 'plain'):.0f})"
        if "serve" not in args.skip and (count or 0) <= args.serve_up_to:
            edited = EDITED["samples" if count is None else "synthetic"]
            notes, judgements = serve_edits(folder, args.runs, edited, args.serve)
            row["serve edit"] = f"{statistics.median(notes):.2f}"
            row["serve judgement"] = f"{statistics.median(judgements):.2f}"
        if "search" not in args.skip:
            searches += search_rows(folder, row["R"], args.runs, run, _secs, median)
    return row


def _secs(timing: Timing) -> str:
    return f"{timing.wall:.2f} ({timing.cpu:.2f})"


COLUMNS = [
    "R", "files", "check cold", "check warm", "build", "baseline", "ratio", "peak MB",
    "serve edit", "serve judgement", "site MB",
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reviews", type=int, nargs="*", default=[100, 1000], help="none: the samples only"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--theme", default="material", help="material (as here) or mkdocs")
    parser.add_argument(
        "--skip", default="", help="comma-separated measures to leave out: build, serve, search"
    )
    parser.add_argument(
        "--serve-up-to", type=int, default=100, help="measure serve only up to this many reviews"
    )
    parser.add_argument(
        "--samples",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="first measure the bundled sample records (the samples row)",
    )
    parser.add_argument(
        "--serve",
        choices=list(SERVE_FLAGS),
        default="dirty",
        help="dirty: make serve's command (default); full: plain mkdocs serve",
    )
    parser.add_argument("--keep", help="generate into this folder and keep it")
    args = parser.parse_args()
    args.skip = set(filter(None, args.skip.split(",")))
    print(f"wall s (CPU s of the child); {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    print(f"serve: mkdocs serve {' '.join(SERVE_FLAGS[args.serve])}".rstrip())
    print(" | ".join(COLUMNS))
    counts: list[int | None] = [None] if args.samples else []
    searches: list[dict[str, str]] = []
    for count in counts + list(args.reviews):
        row = bench(count, args, searches)
        print(" | ".join(row.get(column, "-") for column in COLUMNS), flush=True)
    if searches:
        print(f"\nsearch for {WORD!r}: wall s (CPU s of the child)")
        print(" | ".join(SEARCH_COLUMNS))
        for search in searches:
            print(" | ".join(search.get(column, "-") for column in SEARCH_COLUMNS))
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
