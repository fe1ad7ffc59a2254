"""What a browser would run in a built page, found by parsing it as a browser does.

Each page is parsed by lexbor (through selectolax), an HTML5 parser that builds
the tree the HTML standard prescribes: ``<title>`` content is raw text up to the
first ``</title>``, a ``<svg>`` or ``<math>`` island follows the foreign-content
rules, and so on. The check therefore sees the document the browser sees, head
included, rather than reading tags with patterns.

What is refused, anywhere in the document:

- an event-handler attribute (``onclick``, ``onerror`` …) or a ``srcdoc``;
- a ``javascript:``, ``vbscript:`` or ``data:`` URL in any attribute that is not
  plain text (``title``, ``alt``, ``aria-*`` and ``data-*`` are text);
- an element that embeds or retargets documents (``iframe``, ``object``, ``base`` …);
- a ``<noscript>`` the theme does not ship: lexbor parses with scripting off, and a
  browser with scripting on reads noscript content as raw text. The two parses agree
  on everything before the first ``<noscript>``, so a page with none is read alike;
- a script that runs and is not the theme's own. A theme's inline script is known by
  its exact text on the theme's own ``404.html`` (a page with no record in it), with
  the page's base URL taken out; a script file must be a file of the site. A script
  inside page content (between :data:`CONTENT_START` and :data:`CONTENT_END`) is
  always refused.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..problems import Problem, ProblemSink
from .csp import SEARCH_PAGES, policy_findings
from .documents import CONTENT_END, CONTENT_START, runs

__all__ = [
    "CONTENT_END",
    "CONTENT_START",
    "ThemeScripts",
    "base_url_of",
    "scan_page",
]


#: Elements that load another document or change where the page's URLs point.
_EMBEDDING = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"}
)
#: SVG elements that can rewrite another element's attribute, a link's target included.
_ANIMATING = frozenset({"set", "animate", "animatemotion", "animatetransform"})
#: Attributes a browser only ever shows as text: a scheme in them is words, not a URL.
_TEXT_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "label", "summary", "abbr"})
_BAD_SCHEME = re.compile(r"(?:javascript|vbscript|data):")
#: Characters a browser drops or skips in a URL before reading its scheme.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
#: The delay and ``url=`` before the address in a ``<meta http-equiv="refresh">``.
_REFRESH_URL = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?", re.IGNORECASE)
_FOREIGN = re.compile(r"[a-z][a-z0-9+.\-]*:|//", re.IGNORECASE)


def base_url_of(relpath: str) -> str:
    """The base URL MkDocs gives the page written at ``relpath`` (``reviews/x/index.html``)."""
    depth = relpath.count("/")
    return "/".join([".."] * depth) or "."


#: A JavaScript (or attribute) string literal, as a theme's short inline scripts write them.
_LITERAL = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")


def _shape(text: str) -> tuple[str, tuple[str, ...]]:
    """A script's text without its string literals, and the literals in order."""
    literals = tuple(match.group(0)[1:-1] for match in _LITERAL.finditer(text))
    return _LITERAL.sub("\x00", text), literals


def _refreshes(attributes: dict[str, str | None]) -> bool:
    return (attributes.get("http-equiv") or "").strip().lower() == "refresh"


def _nodes(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    """Every element and comment in document order, template contents included."""
    top = tree.root
    while top is not None and top.parent is not None:  # comments before <html> count too
        top = top.parent
    for node in top.traverse(include_text=False) if top is not None else ():
        yield node
        if node.tag == "template":
            inner = node.html or ""
            inner = inner[inner.find(">") + 1 : inner.rfind("<")]
            yield from _nodes(LexborHTMLParser(inner, is_fragment=True))


@dataclass(frozen=True)
class ThemeScripts:
    """The inline scripts and ``<noscript>`` blocks the theme ships on a page with no record.

    A theme writes the same scripts on every page but for one string: the page's
    base URL (``".."`` here, ``"/"`` on ``404.html``). So a page's script is the
    theme's when it is the same text with the same string literals, except that
    where the 404 page has its base URL the page may have its own.
    """

    #: Script text without literals → the literal sequences seen with it.
    scripts: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    noscripts: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    #: The base URL of the page they were read from.
    base: str = "/"

    @classmethod
    def from_page(cls, html: str, base: str) -> ThemeScripts:
        """What a page built from no record (the theme's ``404.html``) holds."""
        scripts: dict[str, set[tuple[str, ...]]] = {}
        noscripts: dict[str, set[tuple[str, ...]]] = {}
        for node in _nodes(LexborHTMLParser(html)):
            if node.tag == "script" and "src" not in node.attributes and runs(node.attributes):
                skeleton, literals = _shape(node.text(deep=True))
                scripts.setdefault(skeleton, set()).add(literals)
            elif node.tag == "noscript":
                skeleton, literals = _shape(node.html or "")
                noscripts.setdefault(skeleton, set()).add(literals)
        return cls(_frozen(scripts), _frozen(noscripts), base)

    @classmethod
    def from_site(cls, site_dir: Path, site_base: str = "/") -> ThemeScripts:
        """The theme's scripts, read from ``site_dir/404.html`` (none if there is no such page)."""
        page = site_dir / "404.html"
        if not page.is_file():
            return cls(base=site_base)
        return cls.from_page(page.read_text(encoding="utf-8", errors="replace"), site_base)

    def ships_script(self, text: str, base: str) -> bool:
        """Whether an inline script of a page whose base URL is ``base`` is the theme's."""
        return self._known(self.scripts, text, base)

    def ships_noscript(self, html: str, base: str) -> bool:
        """Whether a ``<noscript>`` element (its outer HTML) is the theme's."""
        return self._known(self.noscripts, html, base)

    def _known(self, known: dict[str, frozenset[tuple[str, ...]]], text: str, base: str) -> bool:
        skeleton, literals = _shape(text)
        return any(
            all(mine == theirs or (mine == base and theirs == self.base)
                for mine, theirs in zip(literals, seen, strict=True))
            for seen in known.get(skeleton, ())
        )  # fmt: skip


def _frozen(found: dict[str, set[tuple[str, ...]]]) -> dict[str, frozenset[tuple[str, ...]]]:
    return {skeleton: frozenset(literals) for skeleton, literals in found.items()}


class _Lines:
    """Positions for findings: the DOM has none, so the source is searched."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lower: str | None = None
        self._after: dict[str, int] = {}

    def of(self, needle: str) -> tuple[int, int]:
        """Line and column of the next ``needle`` (case-insensitive), else line 1, column 1."""
        if self._lower is None:
            self._lower = self._text.lower()
        needle = needle.lower()
        at = self._lower.find(needle, self._after.get(needle, 0))
        if at < 0:
            return 1, 1
        self._after[needle] = at + 1
        return self._lower.count("\n", 0, at) + 1, at - self._lower.rfind("\n", 0, at)


class _PageScan:
    """The findings of one page (see the module's docstring for the rules)."""

    def __init__(
        self,
        relpath: str,
        text: str,
        theme: ThemeScripts,
        is_site_file: Callable[[str], bool],
        base: str,
        csp: bool,
    ) -> None:
        self.relpath = relpath
        self.csp = csp
        self.base = base
        self.theme = theme
        self.is_site_file = is_site_file
        self.lines = _Lines(text)
        self.sink = ProblemSink(relpath)
        self.in_content = False
        self.tree = LexborHTMLParser(text)

    def run(self) -> list[Problem]:
        for node in _nodes(self.tree):
            tag = node.tag or ""
            if tag == "-comment":
                self._comment(node.html or "")
                continue
            attributes = node.attributes
            if attributes:
                self._attributes(tag, attributes)
            if tag == "script":
                self._script(node, attributes)
            elif tag == "noscript":
                if not self.theme.ships_noscript(node.html or "", self.base):
                    self._add(
                        "<noscript", "published-noscript", "<noscript> that the theme does not ship"
                    )
            elif tag in _EMBEDDING:
                self._add(
                    f"<{tag}",
                    "published-embed",
                    f"<{tag}> element, which embeds or retargets documents",
                )
            elif tag in _ANIMATING:
                names = {name.lower(): value for name, value in attributes.items()}
                target = (names.get("attributename") or "").lower()  # SVG keeps its case
                if target.endswith("href"):
                    self._add(
                        f"<{tag}",
                        "published-link-rewrite",
                        f"SVG <{tag}> that rewrites a link's target",
                    )
        if self.csp:
            # Every policy problem is at the one <head> (each lines.of call moves on).
            line, column = self.lines.of("<head")
            for message in policy_findings(self.tree, wasm=self.relpath in SEARCH_PAGES):
                self.sink.error(line, column, "published-csp", message)
        return self.sink.problems

    def _comment(self, comment: str) -> None:
        if comment == CONTENT_START:
            self.in_content = True
        elif comment == CONTENT_END:
            self.in_content = False

    def _attributes(self, tag: str, attributes: dict[str, str | None]) -> None:
        for name, value in attributes.items():
            if name.startswith("on"):
                self._add(name, "published-handler", f"event-handler attribute {name!r} on <{tag}>")
                continue
            if name == "srcdoc":
                self._add(
                    name, "published-embed", f"'srcdoc' attribute (a whole document) on <{tag}>"
                )
                continue
            # A scheme needs a colon (values are decoded already): most values have none.
            if not value or ":" not in value or name in _TEXT_ATTRIBUTES:
                continue
            if name.startswith(("aria-", "data-")):
                continue
            if tag == "meta" and name == "content" and _refreshes(attributes):
                value = _REFRESH_URL.sub("", value, count=1)
            squeezed = _URL_IGNORED.sub("", value).lower()
            image = tag == "img" and squeezed.startswith("data:image/")
            if _BAD_SCHEME.match(squeezed) and not image:
                self._add(
                    name,
                    "published-url-scheme",
                    f"{squeezed.split(':')[0]}: URL in {name!r} of <{tag}>",
                )

    def _script(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        if self.in_content:
            self._add("<script", "published-script", "<script> inside page content")
            return
        if not runs(attributes):
            return  # a data block (JSON and the like) never runs
        src = attributes.get("src")
        if src is None:
            text = node.text(deep=True)
            if not self.theme.ships_script(text, self.base):
                needle = text.strip()[:40] or "<script"
                self._add(needle, "published-script", "inline <script> the theme does not ship")
            return
        local = src.split("?", 1)[0].split("#", 1)[0]
        if not local or _FOREIGN.match(local):
            self._add(
                "<script", "published-script", f"<script> loading {src!r} from outside the site"
            )
        elif not self.is_site_file(local):
            message = f"<script> loading {src!r}, which is not a file of the site"
            self._add("<script", "published-script", message)

    def _add(self, needle: str, rule: str, message: str) -> None:
        """An error at the next place ``needle`` stands in the page's text."""
        line, column = self.lines.of(needle)
        self.sink.error(line, column, rule, message)


def scan_page(
    relpath: str,
    text: str,
    theme: ThemeScripts,
    is_site_file: Callable[[str], bool],
    base: str | None = None,
    csp: bool = False,
) -> list[Problem]:
    """Every reason the page at ``relpath`` could run something no record may bring.

    ``is_site_file(src)`` says whether a script path, relative to the page or
    absolute, names a file of the built site. ``base`` is the page's base URL
    (by default the one its path gives; ``404.html`` has site_url's path).
    With ``csp``, a page must also carry the strict policy of :mod:`.csp`.
    """
    scan = _PageScan(relpath, text, theme, is_site_file, base or base_url_of(relpath), csp)
    return scan.run()


def script_resolver(site_dir: Path, page_dir: str) -> Callable[[str], bool]:
    """``is_site_file`` for pages in ``page_dir`` (relative to ``site_dir``)."""
    root = site_dir.resolve()

    def is_site_file(local: str) -> bool:
        if local.startswith("/"):
            # Absolute paths (404.html) carry site_url's path first: try each suffix.
            parts = [part for part in local.split("/") if part]
            candidates = [root.joinpath(*parts[i:]) for i in range(len(parts))]
        else:
            candidates = [root / posixpath.normpath(posixpath.join(page_dir, local))]
        for candidate in candidates:
            target = candidate.resolve()
            if target.is_relative_to(root) and target.is_file():
                return True
        return False

    return is_site_file
