"""The built sample site, served on loopback and driven by Debian's Chromium.

The site is built once per theme (Material, and the built-in ``mkdocs`` theme)
with a real ``mkdocs build`` into a temporary folder and served by ``http.server``
from a thread, so every test that takes the site runs on both. Every page opened
through the ``page`` fixture records each request, failed request and console
message; the fixture fails the test if anything left the machine or went wrong.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from .support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    THEMES,
    Theme,
    Traffic,
    assert_clean,
    open_page,
    serve,
)


@pytest.fixture(scope="session", params=list(THEMES))
def theme(request: pytest.FixtureRequest) -> Theme:
    """Each theme the site supports: every test that looks at the site runs on both."""
    return THEMES[request.param]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, theme: Theme) -> Path:
    """The bundled sample records built by ``mkdocs build --strict`` with ``theme``."""
    source = tmp_path_factory.mktemp(f"samples-{theme.name}")
    for folder in ("docs", "reviews", "markers", "schema", "overrides"):
        shutil.copytree(ROOT / folder, source / folder)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if theme.config is not None:
        config["theme"] = theme.config
    (source / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = source / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=source,
        check=True,
    )
    return site


@pytest.fixture(scope="session")
def base_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` (a free port) serving the built site as it is published.

    Debian's nginx serves it, through the block ``review-records hosting nginx``
    makes, headers and all, so the whole suite runs against the published setup
    (#18). ``REVIEW_RECORDS_BROWSER_SERVER=python`` serves it from a thread instead,
    with no headers: for a machine without nginx.
    """
    if os.environ.get("REVIEW_RECORDS_BROWSER_SERVER") == "python":
        with serve(built_site) as url:
            yield url
        return
    from support.nginx import nginx_or_fail, published

    nginx_or_fail()
    with published(built_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium. Missing Chromium fails the suite: browser tests never skip."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def traffic(base_url: str) -> Traffic:
    return Traffic(base_url)


@pytest.fixture
def page(browser: Browser, base_url: str, traffic: Traffic) -> Iterator[Page]:
    """A fresh page (desktop size); the test fails if the page misbehaved on the network."""
    page = open_page(browser, base_url, traffic, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()
    assert_clean(traffic)


@pytest.fixture
def new_page(browser: Browser, base_url: str, traffic: Traffic) -> Iterator[Callable[..., Page]]:
    """A factory for pages with other options (viewport, zoom); each is checked the same way."""
    pages: list[Page] = []

    def factory(**options: object) -> Page:
        page = open_page(browser, base_url, traffic, **options)
        pages.append(page)
        return page

    yield factory
    for page in pages:
        page.context.close()
    assert_clean(traffic)
