"""The link oracle: every local link of a built site leads to a file and anchor.

Read with the standard library's HTML parser, independently of MkDocs' own link
validation (which sees only links written as Markdown, not the plugin's raw HTML).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.fetched: set[str] = set()  # what a browser loads by itself (not a followed link)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link")) or name == "src":
                self.links.append(value)
                if tag != "a":
                    self.fetched.add(value)


def parse_links(path: Path) -> _Links:
    """The links, fetched URLs and ids of one HTML page."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every local link that leads to no file or anchor, and every third-party fetch.

    Links to other sites (a marker's source, say) are fine: a reader follows
    them. A stylesheet, script or image from another site is not.
    """
    pages = {path: parse_links(path) for path in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if url in parsed.fetched:
                    broken.append(f"{page.relative_to(site)}: fetches {url}")
                continue
            base = site if parts.path.startswith("/") else page.parent  # 404.html is absolute
            path = unquote(parts.path).lstrip("/")
            target = page if not parts.path else (base / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.resolve().parents:
                broken.append(f"{page.relative_to(site)}: {url}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_links(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: #{parts.fragment} in {url}")
    return sorted(broken)
