"""What the browser tests share: Chromium's flags, page types, themes, the traffic recorder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request, Response, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium calls home at start; the
# network here is closed, and nothing may leave the machine anyway.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# One page of each type, by the path a reader would open.
PAGE_TYPES = {
    "dashboard": "/",
    "reviews": "/reviews/",
    "review": "/reviews/sample-child-kestrel/",
    "answer": "/reviews/sample-child-kestrel/qm05/",
    "markers": "/markers/",
    "marker": "/markers/qm05/",
    "themes": "/themes/",
    "theme": "/themes/neglect/",
    "agencies": "/agencies/",
    "agency": "/agencies/police/",
    "actions": "/actions/",
    "guide": "/guide/",
    "guide-page": "/guide/writing-a-record/",
    # The search page with its results and filters shown (they come from the index).
    "search": "/search/?query=neglect",
}


@dataclass(frozen=True)
class Theme:
    """What differs between the themes the site is built with, for the tests that look."""

    name: str
    #: ``theme:`` in mkdocs.yml (the bundled file's is Material's).
    config: dict[str, object] | None
    #: The element that holds the page's content.
    content: str
    #: Site chrome that printing must hide.
    chrome: tuple[str, ...]
    #: Whether the theme has a "Skip to content" link.
    skip_link: bool


THEMES = {
    "material": Theme(
        name="material",
        config=None,
        content="article",
        chrome=(
            ".md-header",
            ".md-tabs",
            ".md-sidebar--primary",
            ".md-sidebar--secondary",
            ".md-footer",
        ),
        skip_link=True,
    ),
    # MkDocs' built-in theme (ProperDocs ships the same one), as README says to set it:
    # highlight.js off (it is fetched from a CDN). Its default `color_mode: light` stays:
    # MkDocs 1.6.1's darkmode.js throws without highlight.js (ProperDocs' does not).
    "mkdocs": Theme(
        name="mkdocs",
        config={"name": "mkdocs", "highlightjs": False},
        content='[role="main"]',
        chrome=(".navbar", ".bs-sidebar", "footer"),
        skip_link=False,
    ),
}


#: Collects violations from the first moment of every document, before any script runs
#: (an init script is not the page's, so the policy does not apply to it).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective}: ${event.blockedURI}`);
});
"""


def violations(page: Page, path: str) -> list[str]:
    """Open ``path`` and return the Content-Security-Policy violations it reported."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    found: list[str] = page.evaluate("window.__violations")
    return found


#: The search field (the box on every page, the field of the search page) and the results:
#: names fixed by DESIGN.md, the same on every theme (the plugin writes them).
SEARCH_FIELD = 'input[type="search"]'
SEARCH_RESULTS = "[data-search-results]"
SEARCH_LINKS = "[data-search-results] a"


def watch_first_result(selector: str = SEARCH_LINKS) -> str:
    """A script to add before a page loads: it sets ``window.firstResultAt`` (``Date.now()``)
    when ``selector`` first matches, so that a request's ``timing["startTime"]`` (epoch
    milliseconds too, taken by the browser) says whether the reader waited for it."""
    return (
        "new MutationObserver(function (changes, observer) {"
        f"  if (document.querySelector({json.dumps(selector)})) {{"
        "    window.firstResultAt = Date.now(); observer.disconnect(); }"
        "}).observe(document, { childList: true, subtree: true });"
    )


def search(page: Page, words: str, *, key: str = "/") -> Locator:
    """Search from the keyboard on any page: ``key`` moves to the field, Enter opens the
    search page (unless already there); wait for the first result and return the links."""
    page.keyboard.press(key)
    field = page.get_by_role("searchbox", name="Search")
    expect(field).to_be_focused()
    page.keyboard.type(words)
    if "/search/" not in page.url:
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?query=*")
    links = page.locator(SEARCH_LINKS)
    links.first.wait_for()
    return links


@dataclass
class Traffic:
    """What one page did on the network and in its console."""

    origin: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_failed(self, request: Request) -> None:
        # Chromium cancels a page's unfinished loads (the favicon, say) when the reader
        # follows a link: ERR_ABORTED on the local server is that, not a fault. A foreign
        # request stopped by the guard fails with ERR_FAILED and is reported anyway.
        if request.failure == "net::ERR_ABORTED" and self.is_local(request.url):
            return
        self.failed.append(f"{request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} ({message.location.get('url', '')})")

    def is_local(self, url: str) -> bool:
        """Served by the local server, or never on the network (``data:``, ``blob:``)."""
        parts, local = urlsplit(url), urlsplit(self.origin)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return (parts.scheme, parts.netloc) == (local.scheme, local.netloc)

    def foreign(self) -> list[str]:
        """Requests to anything but the local server."""
        return [url for url in self.requests if not self.is_local(url)]


def assert_clean(traffic: Traffic) -> None:
    """Fail unless the page made requests, all local and all answered, with no console error."""
    assert traffic.requests, "the page made no request: the traffic recorder is not attached"
    assert traffic.foreign() == [], "requests left the machine"
    assert traffic.failed == [], "requests failed"
    assert traffic.errors == [], "console errors"


def open_page(browser: Browser, base_url: str, traffic: Traffic, **options: object) -> Page:
    """A page in a fresh context whose requests, failures and console go to ``traffic``."""
    context = browser.new_context(base_url=base_url, **options)
    # The context sees the requests of the page and of its workers (search runs in one).
    context.on("request", traffic.on_request)
    context.on("requestfailed", traffic.on_failed)
    context.on("response", traffic.on_response)
    context.on("console", traffic.on_console)
    context.on("weberror", lambda error: traffic.errors.append(f"page error: {error.error}"))
    # Recorded above, then stopped here: a foreign request fails the test and never leaves.
    context.route(lambda url: not traffic.is_local(url), lambda route: route.abort())
    return context.new_page()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yields the origin."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def screenshot_path(name: str, theme: Theme) -> Path:
    """Where a screenshot called ``name`` goes: Material's keep their old names, others are
    prefixed with their theme's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / (f"{name}.png" if theme.name == "material" else f"{theme.name}-{name}.png")


def screenshot(page: Page, name: str, theme: Theme, *, full_page: bool = True) -> Path:
    """Save a screenshot for reviewers of pull requests (the whole page unless told)."""
    path = screenshot_path(name, theme)
    # From the top, with transitions finished: Material fades its tabs out on scroll.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path
