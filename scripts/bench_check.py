"""Benchmark ``review-records check`` against the naive pipeline, in the same run.

Generates N synthetic (fictional) reviews of 19 files each in a temporary folder,
then prints a table of medians:

- ``check cold``: a fresh ``review-records check`` process, no cache;
- ``check warm``: the same command again with nothing changed;
- ``naive``: python-frontmatter + one reused jsonschema validator per file, in-process.

Usage: python scripts/bench_check.py [--reviews 100 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INDEX = """\
---
title: Child {n} (synthetic)
status: completed
review_type: lcspr
partnership: Benchmarkshire Safeguarding Children Partnership (fictional)
commissioned_on: 2024-01-{day:02d}
completed_on: 2024-08-{day:02d}
lead_reviewers:
  - Independent reviewer (fictional)
methodology: Systems approach
themes: [neglect, domestic-abuse, information-sharing]
agencies: [police, health-visiting, gp, school]
related: []
findings:
  - title: Information was not shared
    detail: >-
      Agencies held pieces of the picture. See [[qm13]].
    themes: [information-sharing]
---

## Summary

Synthetic review {n} for benchmarking. [[qm05]]
"""


def answer(number: int, questions: list[str]) -> str:
    lines = ["---", "judgement: partly-met", "questions:"]
    for index, qid in enumerate(questions):
        if index % 3 == 0:
            lines += [f"  {qid}:", "    answer: partly", "    note: Only in part, see the notes."]
        else:
            lines.append(f"  {qid}: yes")
    lines += [
        "evidence:",
        "  - Agency chronology (health visiting)",
        "  - Panel minutes",
        "actions:",
        "  - action: Revise the guidance",
        "    owner: Partnership business manager",
        "    due: 2025-03-31",
        "    status: open",
        "assessed_on: 2024-06-01",
        "---",
        "",
        "## Notes",
        "",
        f"Discussion of marker {number} for this synthetic review. " * 8,
        "",
    ]
    return "\n".join(lines)


def make_repo(folder: Path, reviews: int) -> None:
    for name in ("schema", "markers"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(
        "site_name: bench\nplugins:\n  - review-records\n", encoding="utf-8"
    )
    sys.path.insert(0, str(ROOT / "plugins"))
    from review_records.check.checker import Checker
    from review_records.settings import settings_from_mkdocs_yml

    folder_reviews = folder / "reviews"
    folder_reviews.mkdir()
    markers = Checker(settings_from_mkdocs_yml(folder / "mkdocs.yml")).run().collection.markers
    texts = {n: answer(n, list(m.questions)) for n, m in markers.items()}
    for n in range(reviews):
        review = folder_reviews / f"child-{n:05d}"
        review.mkdir()
        (review / "index.md").write_text(INDEX.format(n=n, day=n % 28 + 1), encoding="utf-8")
        for number, text in texts.items():
            (review / f"qm{number:02d}.md").write_text(text, encoding="utf-8")


def time_command(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        output = result.stdout[-2000:] + result.stderr[-2000:]
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return elapsed


def naive(folder: Path) -> float:
    import frontmatter
    from jsonschema import Draft202012Validator

    schemas = {
        name: Draft202012Validator(
            json.loads((folder / "schema" / f"{name}.schema.json").read_text()),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        for name in ("review", "marker-answer")
    }
    start = time.perf_counter()
    for path in sorted((folder / "reviews").rglob("*.md")):
        post = frontmatter.load(path)
        kind = "review" if path.name == "index.md" else "marker-answer"
        list(schemas[kind].iter_errors(post.metadata))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    command = [str(Path(sys.executable).parent / "review-records"), "check"]
    print(f"{'reviews':>8} {'files':>7} {'check cold':>11} {'check warm':>11} {'naive':>8}")
    for count in args.reviews:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_repo(folder, count)
            files = sum(1 for _ in folder.rglob("*.md")) + 1
            cold, warm, plain = [], [], []
            for _ in range(args.runs):
                shutil.rmtree(folder / ".cache", ignore_errors=True)
                cold.append(time_command(command, folder))
                warm.append(time_command(command, folder))
                plain.append(naive(folder))
            print(
                f"{count:>8} {files:>7} {statistics.median(cold):>10.2f}s "
                f"{statistics.median(warm):>10.2f}s {statistics.median(plain):>7.2f}s"
            )


if __name__ == "__main__":
    main()
