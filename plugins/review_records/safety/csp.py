"""A strict Content-Security-Policy for every page, and the check that a page carries one.

Record text is untrusted, and the renderer, the sanitiser and the post-build scan
are three defences on the build side. The policy is the one in the browser: if
anything ever slipped past them, a script that is not the page's own does not run.

Each page gets a ``<meta http-equiv="Content-Security-Policy">`` first in its head,
built from the page itself: scripts only from the site (``'self'``) plus the
SHA-256 hashes of the inline scripts in the theme's frame of the page when it is
written (never those in page content). The post-build scan refuses any inline
script that is not the theme's own, so the hashes only ever allow the theme's
scripts; one planted in a page after the build is not in the policy and never runs.

Styles come only from the site's files. The built-in ``mkdocs`` theme writes a few
``style`` attributes of its own (its 404 page, its keyboard help); their exact
values are allowed by hash with ``'unsafe-hashes'``, which allows those values and
nothing else, and never on ``script-src``. Style attributes in page content are
refused by the browser: Markdown tables should use ``align`` (the ``tables``
extension's ``use_align_attribute``).

The search page alone adds ``'wasm-unsafe-eval'`` to ``script-src``: Pagefind
runs its search as WebAssembly, and compiling WebAssembly is what that source
allows. It is not ``'unsafe-eval'``: no JavaScript string can become code
through it (no ``eval``, no ``new Function``, no string timers), and only
WebAssembly that the page's own allowed scripts load can be compiled. Every
other page goes without it, and the post-build check accepts it on the search
page's path only (:data:`SEARCH_PAGES`), nowhere else and in no other directive.

A ``<meta>`` policy cannot say ``frame-ancestors`` (browsers ignore it there); the
web-server configuration sends that as a header.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .documents import outside_content, runs

__all__ = [
    "POLICY",
    "SEARCH_PAGES",
    "WASM",
    "parse_policy",
    "policy_findings",
    "policy_for",
    "with_policy",
]

#: Directive → sources, before the page's script hashes are added to ``script-src``.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
}

#: What the search page adds to ``script-src`` (see the module's docstring).
WASM = "'wasm-unsafe-eval'"
#: Where the search page is written (with and without MkDocs' directory URLs).
SEARCH_PAGES = frozenset({"search/index.html", "search.html"})

#: What each directive may allow at most, when the post-build check reads a policy back.
_ALLOWED: dict[str, frozenset[str]] = {
    "default-src": frozenset({"'self'", "'none'"}),
    "script-src": frozenset({"'self'", "'none'"}),
    "style-src": frozenset({"'self'", "'none'", "'unsafe-hashes'"}),
    "img-src": frozenset({"'self'", "'none'", "data:"}),
    "font-src": frozenset({"'self'", "'none'"}),
    "connect-src": frozenset({"'self'", "'none'"}),
    "object-src": frozenset({"'none'"}),
    "base-uri": frozenset({"'none'"}),
    "form-action": frozenset({"'self'", "'none'"}),
}
_HASH = re.compile(r"'sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}'")
#: Directives that, when present, replace ``script-src`` or ``style-src`` for some uses.
_SCRIPT_LIKE = ("script-src-elem", "script-src-attr", "worker-src")
_STYLE_LIKE = ("style-src-elem", "style-src-attr")
#: The elements a policy must come before to govern them.
_GOVERNED = frozenset({"script", "link", "style", "img", "iframe", "object", "embed", "base"})
_HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>)?", re.I)


def _inline_scripts(tree: LexborHTMLParser) -> Iterator[str]:
    for node in tree.css("script"):
        attributes = node.attributes
        if "src" not in attributes and runs(attributes):
            yield node.text(deep=True)


def _style_attributes(tree: LexborHTMLParser) -> Iterator[str]:
    for node in tree.css("[style]"):
        yield node.attributes.get("style") or ""


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy_for(html: str, *, wasm: bool = False) -> str:
    """The policy for a page: :data:`POLICY` with the hashes of the theme's inline code.

    With ``wasm`` (the search page only), ``script-src`` allows WebAssembly too.
    """
    frame = LexborHTMLParser(outside_content(html))
    directives = dict(POLICY)
    scripts = sorted({_hash(text) for text in _inline_scripts(frame)})
    directives["script-src"] = (*POLICY["script-src"], *((WASM,) if wasm else ()), *scripts)
    styles = sorted({_hash(text) for text in _style_attributes(frame)})
    if styles:
        directives["style-src"] = (*POLICY["style-src"], "'unsafe-hashes'", *styles)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_policy(html: str, *, wasm: bool = False) -> str:
    """``html`` with its policy as the first element of its head (after ``<meta charset>``).

    A page with no ``<head>`` is returned as it is, and the post-build check refuses it.
    ``wasm`` is for the search page only (see the module's docstring).
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    policy = policy_for(html, wasm=wasm)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return f"{html[: head.end()]}\n    {meta}{html[head.end() :]}"


def _policy_meta(node: LexborNode) -> bool:
    http_equiv = (node.attributes.get("http-equiv") or "").strip().lower()
    return node.tag == "meta" and http_equiv == "content-security-policy"


def parse_policy(policy: str) -> dict[str, list[str]]:
    """Directive → its sources, as a browser reads a policy (the first of a name wins)."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            # The standard: a repeated directive is ignored after its first.
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def _weaker(name: str, sources: list[str], wasm: bool) -> list[str]:
    allowed = _ALLOWED[name] | ({WASM} if wasm and name == "script-src" else set())
    return [
        source
        for source in sources
        if source.lower() not in allowed
        and not (name in ("script-src", "style-src") and _HASH.fullmatch(source))
    ]


def policy_findings(tree: LexborHTMLParser, *, wasm: bool = False) -> list[str]:
    """Why the page's policy is missing or weaker than :data:`POLICY` (empty if it is not).

    The policy must be a ``<meta>`` in the head, before any element it governs
    (a browser applies a policy only to what follows it). Directives that replace
    ``script-src`` or ``style-src`` for some uses are refused outright. With
    ``wasm`` (the search page), ``script-src`` may also allow :data:`WASM`.
    """
    head = tree.head
    found: LexborNode | None = None
    first: str | None = None  # the first element a policy must precede
    for node in head.traverse(include_text=False) if head is not None else ():
        if _policy_meta(node):
            found = node
            break
        if first is None and node.tag in _GOVERNED:
            first = node.tag
    if found is None:
        return ["no Content-Security-Policy <meta> in the page's head"]
    if first is not None:
        return [f"<{first}> comes before the page's Content-Security-Policy"]
    directives = parse_policy(found.attributes.get("content") or "")
    problems = []
    for name in POLICY:
        if name not in directives:
            problems.append(f"the Content-Security-Policy has no {name}")
        elif weaker := _weaker(name, directives[name], wasm):
            problems.append(f"the Content-Security-Policy's {name} allows {' '.join(weaker)}")
    for name in (*_SCRIPT_LIKE, *_STYLE_LIKE):
        if name in directives:
            replaced = "style-src" if name in _STYLE_LIKE else "script-src"
            problems.append(f"the Content-Security-Policy has {name}, which overrides {replaced}")
    return problems
