"""The search table of ``scripts/bench_scale.py``: lunr and Pagefind on the same site, same run.

For one generated repository (or the samples) it builds the site three ways, in
turn, ``--runs`` times, with this project's mkdocs.yml and theme:

- ``pagefind``: as the project builds it (the plugin indexes with Pagefind);
- ``lunr``: MkDocs' ``search`` plugin on (Material's lunr index when the theme is
  Material), the plugin's search off;
- ``none``: no search at all, to tell what each search adds to a build.

and, for the first two, reads in headless Chromium (Debian's, as the browser tests
use it, with no cache) how a reader searches for one word, with the site served as
published: by Debian's nginx through the block ``review-records hosting nginx`` makes
(so text is compressed), or by Python's file server where there is no nginx:

- ``index s``: the time the index takes to build: Pagefind's, as the plugin logs
  it (writing its input, running the indexer, beside the theme's rendering), and
  in brackets how long the build then waited for it; lunr's, the build with it
  less the build with no search, in the same run (so it can come out below zero
  on a busy machine);
- ``index MB`` (``files``): the index on disk: ``pagefind/`` whole, or
  ``search/search_index.json``;
- ``query KB``: what the browser downloaded from opening the page where the reader
  types, for the requests that started before the first result showed (by the
  browser's clock), and (in brackets) the part of it asked for after typing;
- ``first result s``: from typing the word to the first result on screen (Pagefind
  on the search page, once its script is loaded; lunr from a marker page,
  with ``/`` opening Material's search);
- ``build s``: the whole ``mkdocs build`` (wall, and CPU of the child in brackets);
- ``largest page KB``, ``home KB``: the biggest HTML page and the home page.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser.support import (  # the tests' browser setup
    CHROMIUM,
    CHROMIUM_ARGS,
    SEARCH_LINKS,
    serve,
    watch_first_result,
)
from support.nginx import NGINX, published

#: The word searched for (every synthetic review has themes; "neglect" is one of them).
WORD = "neglect"
ENGINES = ("pagefind", "lunr", "none")
COLUMNS = [
    "R", "engine", "build s", "index s", "index MB (files)", "query KB (after typing)",
    "first result s", "largest page KB", "home KB", "home load s",
]  # fmt: skip
_INDEXED = re.compile(r"search: indexed (\d+) pages in ([\d.]+) s \(waited for: ([\d.]+) s\)")


def configs(folder: Path) -> None:
    """Write ``<engine>.yml`` beside the project's mkdocs.yml for each engine."""
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["review-records"] for p in config["plugins"] if isinstance(p, dict))
    off = {"review-records": {**(options or {}), "search": False}}
    plugins = {"pagefind": config["plugins"], "lunr": ["search", off], "none": [off]}
    for engine, chosen in plugins.items():
        variant = {**config, "plugins": chosen}
        text = yaml.safe_dump(variant, sort_keys=False)
        (folder / f"{engine}.yml").write_text(text, encoding="utf-8")


def _weights(site: Path) -> tuple[float, float]:
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    return max(pages) / 1e3, (site / "index.html").stat().st_size / 1e3


def _index(site: Path, engine: str) -> tuple[float, int]:
    if engine == "pagefind":
        files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    else:
        files = [site / "search" / "search_index.json"]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


@contextlib.contextmanager
def _browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """The built ``site`` as a reader gets it: through Debian's nginx and the block
    ``review-records hosting nginx`` makes (compression, caching and all), or, on a
    machine without nginx, from Python's file server (nothing compressed)."""
    if not NGINX.is_file():
        with serve(site) as origin:
            yield origin
        return
    with (
        tempfile.TemporaryDirectory(prefix="bench-nginx-") as prefix,
        published(site, Path(prefix)) as origin,
    ):
        yield origin


def first_result(browser: Any, site: Path, engine: str) -> tuple[float, float, float]:
    """(seconds from typing to the first result, KB since the page opened, KB after typing).

    The kilobytes are those of the requests that started before the first result
    showed (by the browser's clock): what the reader waited for. Filter counts
    fetched once the results are up are not part of it.
    """
    with served(site) as origin:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        sizes: list[tuple[float, int]] = []  # (start, epoch ms; body bytes)

        def finished(request: Any) -> None:
            sizes.append((request.timing["startTime"], max(request.sizes()["responseBodySize"], 0)))

        context.on("requestfinished", finished)
        page = context.new_page()
        if engine == "pagefind":
            results = SEARCH_LINKS
            page.add_init_script(watch_first_result(results))
            page.goto(f"{origin}/search/")
            page.wait_for_load_state("networkidle")
            field = page.get_by_role("searchbox", name="Search")
        else:
            results = ".md-search-result__item"
            page.add_init_script(watch_first_result(results))
            page.goto(f"{origin}/markers/qm05/")
            page.wait_for_load_state("networkidle")
            page.keyboard.press("/")
            field = page.locator(".md-search__input")
        field.focus()
        typed_ms = time.time() * 1e3
        typed = time.perf_counter()
        page.keyboard.type(WORD)
        page.locator(results).first.wait_for(timeout=600_000)
        seconds = time.perf_counter() - typed
        page.wait_for_timeout(1000)  # requests already on their way finish
        shown_ms = page.evaluate("window.firstResultAt")
        total = sum(size for at, size in sizes if at < shown_ms) / 1e3
        after = sum(size for at, size in sizes if typed_ms <= at < shown_ms) / 1e3
        context.close()
    return seconds, total, after


def home_load(browser: Any, site: Path) -> float:
    """Seconds from asking for the home page to its load event, with nothing cached."""
    with served(site) as origin:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{origin}/", wait_until="load")
        seconds = time.perf_counter() - start
        context.close()
    return seconds


def search_rows(
    folder: Path, label: str, runs: int, run: Any, secs: Any, median: Any
) -> list[dict[str, str]]:
    """One row per engine for the repository at ``folder`` (``run``, ``secs`` and
    ``median`` are bench_scale's, so that times are measured and shown alike)."""
    configs(folder)
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    builds: dict[str, list[Any]] = {engine: [] for engine in ENGINES}
    indexing: list[tuple[float, float]] = []  # (indexing, waited for)
    for _ in range(runs):
        for engine in ENGINES:
            site = folder / f"site-{engine}"
            shutil.rmtree(site, ignore_errors=True)
            log = folder / f"build-{engine}.log"
            builds[engine].append(
                run([mkdocs, "build", "-f", f"{engine}.yml", "-d", site.name], folder, log=log)
            )
            if engine == "pagefind":
                found = _INDEXED.search(log.read_text(encoding="utf-8"))
                if found is None:
                    raise SystemExit(f"no search line in {log}")
                indexing.append((float(found.group(2)), float(found.group(3))))
    built = {engine: median(timings) for engine, timings in builds.items()}
    rows = []
    with _browser() as browser:
        for engine in ("pagefind", "lunr"):
            site = folder / f"site-{engine}"
            measures = [first_result(browser, site, engine) for _ in range(runs)]
            seconds = statistics.median(m[0] for m in measures)
            total = statistics.median(m[1] for m in measures)
            after = statistics.median(m[2] for m in measures)
            if engine == "pagefind":
                index_s = f"{statistics.median(i for i, _ in indexing):.2f}"
                index_s += f" ({statistics.median(w for _, w in indexing):.2f})"
            else:
                index_s = f"{built['lunr'].wall - built['none'].wall:.2f}"
            size, files = _index(site, engine)
            largest, home = _weights(site)
            load = statistics.median(home_load(browser, site) for _ in range(runs))
            rows.append(
                {
                    "R": label,
                    "engine": engine,
                    "build s": secs(built[engine]),
                    "index s": index_s,
                    "index MB (files)": f"{size:.2f} ({files:,})",
                    "query KB (after typing)": f"{total:,.0f} ({after:,.0f})",
                    "first result s": f"{seconds:.2f}",
                    "largest page KB": f"{largest:,.0f}",
                    "home KB": f"{home:,.0f}",
                    "home load s": f"{load:.2f}",
                }
            )
    rows.append({"R": label, "engine": "none", "build s": secs(built["none"])})
    return rows
