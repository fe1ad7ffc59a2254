"""The sample site through the generated nginx block, in Chromium, with a password.

Chromium enforces the header policy and each page's ``<meta>`` policy together,
so these show that the header lets through everything the site needs (every
page type and search load with no ``securitypolicyviolation``, nothing leaves the
machine, and every feature the Permissions-Policy names is one Chromium knows and
turns off), and that it holds on its own: a script planted after the build never
runs, with the page's ``<meta>`` or without it. ``frame-ancestors``, which only
the header can carry, keeps the site out of another origin's frame.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from review_records.safety.hosting import nginx_site
from review_records.safety.nginx import PERMISSIONS_FEATURES, nginx_config
from support.nginx import free_port, htpasswd, nginx_or_skip, running

from .support import (
    PAGE_TYPES,
    RECORD_VIOLATIONS,
    Theme,
    Traffic,
    assert_clean,
    open_page,
    search,
    serve,
    violations,
)

pytestmark = pytest.mark.timeout(300)

CREDENTIALS = {"username": "reader", "password": "fictional-browser-password"}
REVIEW = "/reviews/sample-child-kestrel/"
PLANTED = "<script>window.__planted = true; document.title = 'planted'</script>"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def _serve(site: Path, folder: Path) -> tuple[str, int, str]:
    """(origin, port, server block) for ``site`` behind a password, on a free port."""
    nginx_or_skip()
    folder.mkdir(parents=True, exist_ok=True)
    users = htpasswd(folder / "users", CREDENTIALS["username"], CREDENTIALS["password"])
    port = free_port()
    block = nginx_config(nginx_site(site, listen=f"127.0.0.1:{port}", htpasswd=users))
    return f"http://127.0.0.1:{port}", port, block


@pytest.fixture(scope="module")
def hosted(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site (each theme) served by nginx through the generated block."""
    origin, port, block = _serve(built_site, tmp_path_factory.mktemp("secrets"))
    with running(tmp_path_factory.mktemp("nginx"), block, port):
        yield origin


def _open(browser: Browser, origin: str, traffic: Traffic) -> Page:
    return open_page(browser, origin, traffic, http_credentials=CREDENTIALS)


def test_every_page_type_loads_through_nginx_with_no_violation(
    browser: Browser, hosted: str
) -> None:
    """One reader's visit to a page of each type (one tab: the site is cached as it would be)."""
    traffic = Traffic(hosted)
    page = _open(browser, hosted, traffic)
    page.add_init_script(RECORD_VIOLATIONS)
    found: dict[str, object] = {}
    try:
        for path in [*PAGE_TYPES.values(), "/guide/scale/", "/404.html"]:
            # "load", not "networkidle": the search test waits for the worker and its index.
            response = page.goto(path, wait_until="load")
            assert response is not None and response.status == 200, path
            header = response.headers["content-security-policy"]
            assert header.endswith("; frame-ancestors 'none'"), path
            metas = page.locator('meta[http-equiv="Content-Security-Policy"]').count()
            reported = page.evaluate("window.__violations")
            if metas != 1 or reported:
                found[path] = {"metas": metas, "violations": reported}
        # Every feature the header names is one Chromium knows, and none is allowed.
        known = page.evaluate("document.featurePolicy.features()")
        allowed = page.evaluate("document.featurePolicy.allowedFeatures()")
    finally:
        page.context.close()
    assert found == {}
    assert_clean(traffic)
    assert set(PERMISSIONS_FEATURES) - set(known) == set()
    assert set(PERMISSIONS_FEATURES) & set(allowed) == set()
    # What is left on is only what the site cannot turn off: client hints and aria-notify.
    assert {f for f in allowed if not f.startswith("ch-")} <= {"aria-notify"}, allowed


def test_search_works_and_nothing_leaves_through_nginx(
    browser: Browser, hosted: str, theme: Theme
) -> None:
    """The index is behind the password and fetched by a worker under both policies."""
    traffic = Traffic(hosted)
    page = _open(browser, hosted, traffic)
    try:
        assert violations(page, "/") == []
        results = search(page, "kestrel")
        assert results.count() > 0
        assert page.evaluate("window.__violations") == []
        assert any("search" in url for url in traffic.requests)
        assert_clean(traffic)  # before the refusal below, which Chromium logs as errors
        # connect-src 'self' under both policies: nothing can be sent elsewhere.
        refused = page.evaluate("() => fetch('http://127.0.0.2:9/steal').then(() => 0, () => 1)")
        reported = page.evaluate("window.__violations")
    finally:
        page.context.close()
    assert refused == 1
    assert reported == ["connect-src: http://127.0.0.2:9/steal"] * 2  # the header and the meta
    assert traffic.foreign() == [], "the browser sent the request before the policy stopped it"


def _plant(site: Path, path: str, *, keep_meta: bool) -> None:
    """A script in a page, in its head and its body, as an attacker who can write to the
    web root would plant it (and, unless ``keep_meta``, the page's own policy removed)."""
    target = site / path.strip("/") / "index.html"
    html = target.read_text(encoding="utf-8")
    if not keep_meta:
        html = META.sub("", html)
    at = html.index("<meta name=")
    html = html[:at] + PLANTED + html[at:]
    html = html.replace("</body>", PLANTED + "</body>")
    target.write_text(html, encoding="utf-8")


#: Page → whether its <meta> policy is left in place when the script is planted.
PLANTED_IN = {REVIEW: True, f"{REVIEW}qm05/": False}


def test_a_script_planted_after_the_build_never_runs(
    browser: Browser, built_site: Path, tmp_path: Path
) -> None:
    """Under both policies, and under the header alone: each planted script is reported
    (once by each policy that refuses it) and nothing else is, so the theme's own inline
    scripts still run under the header alone."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    origin, port, block = _serve(site, tmp_path / "secrets")
    for path, keep_meta in PLANTED_IN.items():
        _plant(site, path, keep_meta=keep_meta)
    seen = {}
    with running(tmp_path / "nginx", block, port):
        page = _open(browser, origin, Traffic(origin))
        page.add_init_script(RECORD_VIOLATIONS)
        try:
            for path in PLANTED_IN:
                page.goto(path, wait_until="load")
                seen[path] = {
                    "ran": page.evaluate("window.__planted === true") or page.title() == "planted",
                    "metas": page.locator('meta[http-equiv="Content-Security-Policy"]').count(),
                    "violations": page.evaluate("window.__violations"),
                }
        finally:
            page.context.close()
    inline = "script-src-elem: inline"
    assert seen == {
        REVIEW: {"ran": False, "metas": 1, "violations": [inline] * 4},
        f"{REVIEW}qm05/": {"ran": False, "metas": 0, "violations": [inline] * 2},
    }


def test_another_origin_cannot_frame_the_site(
    browser: Browser, hosted: str, tmp_path: Path
) -> None:
    """frame-ancestors 'none', which only the header can say (Chromium then ignores
    X-Frame-Options, there for older browsers)."""
    # Another origin on this machine, served for real: Chromium refuses a public
    # page's frame of a loopback address whatever the headers say.
    (tmp_path / "framing.html").write_text(f'<iframe src="{hosted}{REVIEW}"></iframe>')
    context = browser.new_context(http_credentials=CREDENTIALS)  # type: ignore[arg-type]
    console: list[str] = []
    context.on("console", lambda message: console.append(message.text))
    try:
        with serve(tmp_path) as outside:
            page = context.new_page()
            page.goto(f"{outside}/framing.html")
            page.wait_for_load_state("networkidle")
            frames = [frame.url for frame in page.frames]
            shown = page.frames[1].evaluate("document.body ? document.body.innerText : ''")
    finally:
        context.close()
    assert frames[1] == "chrome-error://chromewebdata/"
    assert "Kestrel" not in shown
    assert any("violates" in text and "frame-ancestors 'none'" in text for text in console)
