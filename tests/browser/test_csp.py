"""The Content-Security-Policy in Chromium: nothing the site needs is refused, a planted script is.

Every page type of the sample site, on each theme the browser suite runs
(Material and the built-in ``mkdocs`` theme), loads with no
``securitypolicyviolation`` event; the ``page`` fixture fails a test on any
console error, which is where Chromium reports a refusal too.
Then an inline script is written into a built page after the build, as an
attacker with write access to the web root might: it never runs, and the
browser reports the violation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .support import PAGE_TYPES, Traffic, open_page, serve, violations

pytestmark = pytest.mark.timeout(300)

#: Extra guide pages: a table with aligned columns (once an inline style) and the scale notes.
EXTRA_PAGES = {"guide-scale": "/guide/scale/", "not-found": "/404.html"}


@pytest.mark.parametrize("name", [*PAGE_TYPES, *EXTRA_PAGES])
def test_page_loads_with_no_policy_violation(page: Page, name: str) -> None:
    """On each theme (the ``page`` fixture fails the test on any console error too)."""
    assert violations(page, {**PAGE_TYPES, **EXTRA_PAGES}[name]) == []
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1


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
            reported = violations(page, "/reviews/sample-child-kestrel/")
            ran = page.evaluate("window.__planted === true")
        finally:
            page.context.close()
    assert not ran
    assert len(reported) == 2 and all(v.startswith("script-src") for v in reported)


def test_a_request_to_another_origin_is_refused_by_the_policy(
    browser: Browser, base_url: str
) -> None:
    """connect-src 'self': a script cannot send what a page holds anywhere else."""
    traffic = Traffic(base_url)
    page = open_page(browser, base_url, traffic)
    try:
        assert violations(page, "/") == []
        refused = page.evaluate("() => fetch('http://127.0.0.2:9/steal').then(() => 0, () => 1)")
        reported = page.evaluate("window.__violations")
    finally:
        page.context.close()
    assert refused == 1
    # Once by each policy: the page's, and the server's header when it sends one (nginx).
    assert reported in (["connect-src: http://127.0.0.2:9/steal"] * n for n in (1, 2))
    assert traffic.foreign() == [], "the browser sent the request before the policy stopped it"
