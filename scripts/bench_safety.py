"""Time the safety work: rendering pathological record text, and the post-build checks.

    .venv/bin/python scripts/bench_safety.py

Prints the slowest of a few runs for each 40 KB pathological input (rendered by
the plugin's renderer), then builds the sample site into a temporary folder and
times the post-build check, with and without a denylist of 50 plain and 50
hashed invented terms.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from review_records.pages.richtext import render_markdown
from review_records.safety.denylist import term_hash
from review_records.safety.publication import check_output
from review_records.settings import settings_from_mkdocs_yml

ROOT = Path(__file__).resolve().parent.parent

PATHOLOGICAL = {
    "brackets": "[" * 40_000,
    "2,000 brackets (the cap)": "[" * 2_000,
    "2,000 brackets, apart": ("[" * 10 + "\n\n") * 200,
    "anchor tags": "<a " * 13_000,
    "link openers": "[a](" * 10_000,
    "images": "![" * 20_000,
    "emphasis": "*_" * 20_000,
    "entities": "&#" * 20_000,
    "comment openers": "<!--" * 10_000,
    "one 200 KB paragraph": "word " * 40_000,
}


def _slowest(func: object, runs: int = 3) -> float:
    worst = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        func()  # type: ignore[operator]
        worst = max(worst, time.perf_counter() - started)
    return worst


def main() -> None:
    print("render_markdown, slowest of 3 runs:")
    for name, text in PATHOLOGICAL.items():
        seconds = _slowest(lambda text=text: render_markdown(text))
        print(f"  {name:<22} {len(text) // 1000:>4} KB  {seconds * 1000:8.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "samples"
        repo.mkdir()
        for name in ("docs", "reviews", "markers", "schema", "overrides"):
            shutil.copytree(ROOT / name, repo / name)
        shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
        site = repo / "site"
        started = time.perf_counter()
        build(load_config(str(repo / "mkdocs.yml"), site_dir=str(site)))
        print(f"sample build (Material, checks included): {time.perf_counter() - started:.2f} s")
        pages = len(list(site.rglob("*.html")))
        settings = settings_from_mkdocs_yml(repo / "mkdocs.yml")
        seconds = _slowest(lambda: check_output(settings, site))
        print(f"post-build check, no denylist: {seconds:.2f} s for {pages} pages")
        denylist = Path(folder) / "denylist.txt"
        terms = [f"Invented Surname{n} Person" for n in range(50)]
        lines = terms + [term_hash(f"Hashed Name{n}") for n in range(50)]
        denylist.write_text("\n".join(lines) + "\n", encoding="utf-8")
        settings = settings_from_mkdocs_yml(repo / "mkdocs.yml")
        object.__setattr__(settings, "denylist", str(denylist))
        seconds = _slowest(lambda: check_output(settings, site))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
        print(f"post-build check with a 100-entry denylist: {seconds:.2f} s for {size:.1f} MB")


if __name__ == "__main__":
    main()
