"""The Content-Security-Policy in Chromium: nothing the site needs is refused, a planted script is.

Every page type of the sample site (Material, and the built-in ``mkdocs`` theme)
loads with no ``securitypolicyviolation`` event, and the ``page`` fixture fails
a test on any console error, which is where Chromium reports a refusal too.
Then an inline script is written into a built page after the build, as an
attacker with write access to the web root might: it never runs, and the
browser reports the violation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .support import PAGE_TYPES, ROOT, Traffic, open_page, serve

pytestmark = pytest.mark.timeout(300)

#: Collects violations from the first moment of every document, before any script runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective}: ${event.blockedURI}`);
});
"""

#: Extra guide pages: a table with aligned columns (once an inline style) and the scale notes.
EXTRA_PAGES = {"guide-scale": "/guide/scale/", "not-found": "/404.html"}


def _violations(page: Page, path: str) -> list[str]:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    found: list[str] = page.evaluate("window.__violations")
    return found


@pytest.mark.parametrize("name", [*PAGE_TYPES, *EXTRA_PAGES])
def test_material_page_loads_with_no_policy_violation(page: Page, name: str) -> None:
    path = {**PAGE_TYPES, **EXTRA_PAGES}[name]
    assert _violations(page, path) == []
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1


@pytest.fixture(scope="module")
def mkdocs_theme_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The samples built with the built-in ``mkdocs`` theme, served on loopback."""
    source = tmp_path_factory.mktemp("samples-mkdocs-theme")
    for folder in ("docs", "reviews", "markers", "schema"):
        shutil.copytree(ROOT / folder, source / folder)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head, _, rest = config.partition("\ntheme:\n")
    # Replace the whole theme block (indented lines) with the built-in theme.
    body = rest.split("\n")
    while body and (body[0].startswith(" ") or not body[0]):
        body.pop(0)
    config = head + "\ntheme:\n  name: mkdocs\n  highlightjs: false\n" + "\n".join(body)
    (source / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = source / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=source,
        check=True,
    )
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_mkdocs_theme_page_loads_with_no_policy_violation(
    browser: Browser, mkdocs_theme_site: str, name: str
) -> None:
    traffic = Traffic(mkdocs_theme_site)
    page = open_page(browser, mkdocs_theme_site, traffic)
    try:
        assert _violations(page, PAGE_TYPES[name]) == []
    finally:
        page.context.close()
    # Chromium reports each refusal on the console too. Other console errors are the
    # theme's own (the browser suites on both themes look at those).
    assert [e for e in traffic.errors if "Content Security Policy" in e] == []
    assert traffic.failed == [], "requests failed"


def test_a_script_planted_after_the_build_never_runs(
    browser: Browser, built_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    target = site / "reviews" / "sample-child-kestrel" / "index.html"
    html = target.read_text(encoding="utf-8")
    planted = "<script>window.__planted = true</script>"
    # After the policy, in the head, and again in the body: neither may run.
    at = html.index("<meta name=")
    html = html[:at] + planted + html[at:]
    html = html.replace("</body>", planted + "</body>")
    target.write_text(html, encoding="utf-8")
    with serve(site) as url:
        traffic = Traffic(url)
        page = open_page(browser, url, traffic)
        try:
            violations = _violations(page, "/reviews/sample-child-kestrel/")
            ran = page.evaluate("window.__planted === true")
        finally:
            page.context.close()
    assert not ran
    assert len(violations) == 2 and all(v.startswith("script-src") for v in violations)
