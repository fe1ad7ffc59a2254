"""What the browser tests share: Chromium's flags, the page types, the traffic recorder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response

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
}


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
        self.failed.append(f"{request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} ({message.location.get('url', '')})")

    def foreign(self) -> list[str]:
        """Requests to anything but the local server (``data:`` and ``blob:`` stay in memory)."""
        local = urlsplit(self.origin)
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and (urlsplit(url).scheme, urlsplit(url).netloc) != (local.scheme, local.netloc)
        ]


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot for reviewers of pull requests."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
