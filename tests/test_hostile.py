"""Hostile records: real MkDocs builds of fictional records written to attack the site.

Each case puts one hazard into an otherwise valid repository, builds it for real
(strict, in a temporary folder) and asserts the exact outcome: the page shows the
hostile text as inert text, or the build fails naming the file and the rule.
An independent oracle (the standard library's HTML parser, not the plugin's own
post-build check) reads every built page for live scripts, handlers and URLs.

All names, places and numbers here are invented for the tests.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import textwrap
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import ANSWER, REVIEW, Repo, _Collector, build_site
from review_records.safety.denylist import term_hash
from review_records.safety.postcheck import (
    CONTENT_END,
    CONTENT_START,
    SCAN_PARALLEL_FROM,
    check_site,
)
from review_records.safety.publication import safe_output_uri
from support.searchindex import fragments

PAGE = "reviews/child-test/index.html"
ANSWER_PAGE = "reviews/child-test/qm01/index.html"
THEME_PAGE = "themes/neglect/index.html"

#: What MkDocs logs when the plugin refuses to build (declared by the tests that expect it).
NOTHING_BUILT = r"^review-records: 1 error\(s\) in the records; nothing was built$"
NOT_SAFE = r"^review-records: the built site is not safe to publish \(\d+ finding\(s\)\); "


def refused(rule: str, path: str = "reviews/child-test/index.md") -> pytest.MarkDecorator:
    """Expect the build to log ``rule`` on ``path`` as an error, then refuse to build."""
    source = rf"^review_records: {re.escape(path)}:\d+:\d+: error: .* \[{re.escape(rule)}\]$"
    return pytest.mark.expected_warnings(source, NOTHING_BUILT)


# ---------------------------------------------------------------------------
# The oracle: what a browser would run, found with the standard HTML parser.
# ---------------------------------------------------------------------------


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hazards: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"iframe", "object", "embed", "frame"}:
            self.hazards.append(f"<{tag}>")
        if tag == "img":
            self.hazards.append("<img> (a fetch)")
        for name, value in attrs:
            if name.startswith("on"):
                self.hazards.append(f"{name}= on <{tag}>")
            squeezed = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if re.match(r"(javascript|vbscript|data):", squeezed):
                self.hazards.append(f"{name}={squeezed[:20]} on <{tag}>")
            if name in {"href", "src"} and squeezed.startswith("//"):
                self.hazards.append(f"protocol-relative {name} on <{tag}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert" in data:
            self.hazards.append("inline script calling alert")


def live_hazards(site: Path) -> list[str]:
    """Everything in the built HTML that would run or fetch, with its file."""
    found = []
    for path in sorted(site.rglob("*.html")):
        parser = _Live()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(site)}: {hazard}" for hazard in parser.hazards]
    return found


def everything(site: Path) -> bytes:
    """Every byte of the built site (search index, sitemap, assets too)."""
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


def review(body: str = "\n## Summary\n\nA fictional summary.\n", **values: str) -> str:
    """The conftest review with front-matter values replaced (JSON strings are YAML)."""
    head, _, _ = REVIEW.partition("\n---\n\n")
    lines = head.split("\n")
    for key, value in values.items():
        lines = [line for line in lines if not line.startswith(f"{key}:")]
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n---\n" + body


def answer(body: str = "\nNotes.\n", note: str | None = None, **values: str) -> str:
    head, _, _ = ANSWER.partition("\n---\n")
    if note is not None:
        head = head.replace("  q1: yes", f"  q1:\n    answer: partly\n    note: {note}")
    lines = head.split("\n")
    for key, value in values.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n---\n" + body


def q(text: str) -> str:
    """A YAML double-quoted scalar for any text."""
    return json.dumps(text)


# ---------------------------------------------------------------------------
# 1. Rendering: hostile text in every place a record can put text.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Render:
    id: str
    index: str = field(default_factory=review)
    qm01: str | None = None
    #: (page, text that must be in it, as HTML source)
    shows: tuple[tuple[str, str], ...] = ()
    #: text (HTML source) that must appear nowhere in the built site
    never: tuple[str, ...] = ()


RENDER_CASES = [
    Render(
        "script-in-body",
        review("\n<script>alert(1)</script>\n"),
        shows=((PAGE, "&lt;script&gt;alert(1)&lt;/script&gt;"),),
    ),
    Render(
        "script-inline-in-paragraph",
        review("\nText <script>alert(1)</script> more.\n"),
        shows=((PAGE, "Text &lt;script&gt;alert(1)&lt;/script&gt; more."),),
    ),
    Render(
        "img-onerror-in-body",
        review("\n<img src=x onerror=alert(1)>\n"),
        shows=((PAGE, "&lt;img src=x onerror=alert(1)&gt;"),),
    ),
    Render(
        "svg-onload-in-note",
        qm01=answer(note=q("<svg onload=alert(1)>")),
        shows=((ANSWER_PAGE, "&lt;svg onload=alert(1)&gt;"),),
    ),
    Render(
        "iframe-in-body",
        review('\n<iframe src="https://evil.example/"></iframe>\n'),
        shows=((PAGE, '&lt;iframe src="https://evil.example/"&gt;'),),
    ),
    Render(
        "style-block-in-body",
        review("\n<style>body{display:none}</style>\n"),
        shows=((PAGE, "&lt;style&gt;body{display:none}&lt;/style&gt;"),),
    ),
    Render(
        "break-out-of-wrapper",
        review("\n</div><script>alert(1)</script><div>\n"),
        shows=((PAGE, "&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;div&gt;"),),
    ),
    Render(
        "javascript-link",
        review("\n[click](javascript:alert(1))\n"),
        shows=((PAGE, "[click](javascript:alert(1))"),),
    ),
    Render(
        "javascript-link-mixed-case",
        review("\n[click](JaVaScRiPt:alert(1))\n"),
        shows=((PAGE, "[click](JaVaScRiPt:alert(1))"),),
    ),
    Render(
        "javascript-link-entity-tab",
        review("\n[click](java&#x09;script:alert(1))\n"),
        never=('href="java',),
    ),
    Render(
        "vbscript-link",
        review("\n[click](vbscript:msgbox(1))\n"),
        shows=((PAGE, "[click](vbscript:msgbox(1))"),),
    ),
    Render(
        "data-url-link",
        review("\n[click](data:text/html;base64,PHNjcmlwdD4=)\n"),
        shows=((PAGE, "[click](data:text/html;base64,PHNjcmlwdD4=)"),),
    ),
    Render(
        "protocol-relative-link",
        review("\n[click](//evil.example/x)\n"),
        shows=((PAGE, "[click](//evil.example/x)"),),
    ),
    Render(
        "autolink-javascript",
        review("\n<javascript:alert(1)>\n"),
        shows=((PAGE, "&lt;javascript:alert(1)&gt;"),),
    ),
    Render(
        "reference-definition-javascript",
        review("\n[click][x]\n\n[x]: javascript:alert(1)\n"),
        never=('href="javascript',),
    ),
    Render(
        "raw-anchor-javascript",
        review('\n<a href="javascript:alert(1)">click</a>\n'),
        shows=((PAGE, '&lt;a href="javascript:alert(1)"&gt;click&lt;/a&gt;'),),
    ),
    Render(
        "link-title-quote-injection",
        review('\n[x](https://example.org "t\\" onclick=\\"alert(1)")\n'),
        shows=((PAGE, 'title="t&quot; onclick=&quot;alert(1)"'),),
    ),
    Render(
        "attr-list-onclick-with-attr-list-enabled",
        review('\nA paragraph.\n{: onclick="alert(1)" }\n\n## Heading {: onclick="alert(2)" }\n'),
        shows=((PAGE, '{: onclick="alert(1)" }'),),
    ),
    Render(
        "https-and-mailto-links-stay",
        review(
            "\n[site](https://example.org/) [mail](mailto:panel@example.org)"
            " <!-- review-records: allow email -->\n"
        ),
        shows=(
            (PAGE, '<a href="https://example.org/">site</a>'),
            (PAGE, '<a href="mailto:panel@example.org">mail</a>'),
        ),
    ),
    Render(
        "relative-md-link-resolves",
        review("\n[the markers](../../markers/index.md)\n"),
        shows=((PAGE, '<a href="../../markers/">the markers</a>'),),
    ),
    Render(
        "image-is-not-fetched",
        review("\n![Child photo](https://evil.example/p.png)\n"),
        shows=((PAGE, '!<a href="https://evil.example/p.png">Child photo</a>'),),
    ),
    Render(
        "html-comment-is-dropped",
        review("\nBefore <!-- Fictional Hidden Name --> after.\n"),
        shows=((PAGE, "<p>Before  after.</p>"),),
        never=("Fictional Hidden Name",),
    ),
    Render(
        # The markers around the plugin's own HTML blocks, which Markdown passes through
        # unparsed (rawhtml.py): from record text they must stay inert.
        "raw-block-markers-in-body",
        review("\n<!--rr-raw--><script>alert(1)</script><!--/rr-raw-->\n"),
        shows=((PAGE, "&lt;script&gt;alert(1)&lt;/script&gt;"),),
    ),
    Render(
        "raw-block-markers-in-title",  # the title is in the heat map and the reviews table
        review(title=q("Child <!--/rr-raw--><script>alert(1)</script><!--rr-raw--> (fictional)")),
        shows=(
            ("index.html", "Child &lt;!--/rr-raw--&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("reviews/index.html", "Child &lt;!--/rr-raw--&gt;&lt;script&gt;alert(1)"),
        ),
    ),
    Render(
        "heading-with-html",
        review("\n## Summary <img src=x onerror=alert(1)>\n"),
        shows=((PAGE, ">Summary &lt;img src=x onerror=alert(1)&gt;</h2>"),),
    ),
    Render(
        "title-with-script",
        review(title=q("Child <script>alert(1)</script> (fictional)")),
        shows=(
            # The theme's copy uses look-alikes (themetext.py); the page's heading is exact.
            (PAGE, "<title>Child \uff1cscript\uff1ealert(1)\uff1c/script\uff1e (fictional)"),
            (PAGE, ">Child &lt;script&gt;alert(1)&lt;/script&gt; (fictional)</h1>"),
        ),
    ),
    Render(
        "title-breaking-attribute",
        review(title=q('Child "><img src=x onerror=alert(1)> (fictional)')),
        # Templates escape quotes too (&#34;); the oracle shows no attribute was broken out of.
        shows=((PAGE, ">Child &#34;&gt;&lt;img src=x onerror=alert(1)&gt; (fictional)</h1>"),),
    ),
    Render(
        "partnership-with-handler",
        review(partnership=q("P <b onmouseover=alert(1)>x</b> (fictional)")),
        shows=((PAGE, "P &lt;b onmouseover=alert(1)&gt;x&lt;/b&gt; (fictional)"),),
    ),
    Render(
        "finding-title-and-detail-on-theme-page",
        review(
            findings="\n  - title: "
            + q("F <i onclick=alert(1)>x</i>")
            + "\n    detail: "
            + q("D <script>alert(2)</script> [x](javascript:alert(3))")
            + "\n    themes: [neglect]"
        ),
        shows=(
            (THEME_PAGE, "D &lt;script&gt;alert(2)&lt;/script&gt; [x](javascript:alert(3))"),
            (THEME_PAGE, "F &lt;i onclick=alert(1)&gt;x&lt;/i&gt;"),
        ),
    ),
    Render(
        "evidence-and-action-with-html",
        qm01=answer()
        .replace("Agency chronology (fictional)", "<script>alert(1)</script> chronology")
        .replace("Update the referral form", "<b onmouseover=alert(2)>Update</b>"),
        shows=(
            (ANSWER_PAGE, "&lt;script&gt;alert(1)&lt;/script&gt; chronology"),
            (ANSWER_PAGE, "&lt;b onmouseover=alert(2)&gt;Update&lt;/b&gt;"),
        ),
    ),
    Render(
        "note-with-script-and-link",
        qm01=answer(note=q("N <script>alert(1)</script> [x](javascript:alert(2))")),
        shows=((ANSWER_PAGE, "N &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2))"),),
    ),
    Render(
        "jinja-syntax-stays-text",
        review("\n{{ config.site_name }} {% raw %}\n"),
        shows=((PAGE, "{{ config.site_name }} {% raw %}"),),
    ),
]


@dataclass
class _Built:
    site: Path
    warnings: list[str]
    hazards: list[str]


@pytest.fixture(scope="module")
def render_build(tmp_path_factory: pytest.TempPathFactory) -> _Built:
    """One real build holding every rendering case as its own review (attr_list on for all)."""
    repo = Repo(tmp_path_factory.mktemp("render") / "records")
    text = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    (repo.root / "mkdocs.yml").write_text(
        text + "markdown_extensions:\n  - attr_list\n", encoding="utf-8"
    )
    for case in RENDER_CASES:
        repo.add_review(case.id, index=case.index)
        if case.qm01 is not None:
            repo.write(f"reviews/{case.id}/qm01.md", case.qm01)
    messages: list[str] = []
    handler = _Collector(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = build_site(repo.root)
    finally:
        logger.removeHandler(handler)
    return _Built(site, messages, live_hazards(site))


def test_rendering_cases_build_cleanly(render_build: _Built) -> None:
    assert render_build.warnings == []
    assert render_build.hazards == []


@pytest.mark.parametrize("case", RENDER_CASES, ids=[c.id for c in RENDER_CASES])
def test_hostile_text_is_inert(render_build: _Built, case: Render) -> None:
    site = render_build.site
    hazards = [h for h in render_build.hazards if h.startswith(f"reviews/{case.id}/")]
    assert hazards == []
    for page, text in case.shows:
        path = site / page.replace("child-test", case.id)
        assert text in path.read_text(encoding="utf-8"), (page, text)
    for text in case.never:
        assert text not in _own_output(site, case.id)


def _own_output(site: Path, review_id: str) -> str:
    """A case's pages and its search-index entries (other cases share the site)."""
    pages = [
        p.read_text(encoding="utf-8") for p in sorted((site / "reviews" / review_id).rglob("*"))
    ]
    entries = [
        json.dumps(fragment, ensure_ascii=False)
        for url, fragment in fragments(site).items()
        if url.startswith(f"/reviews/{review_id}/")
    ]
    assert entries, "the case's pages are in the search index"
    return "\n".join(pages + entries)


# ---------------------------------------------------------------------------
# 2. Rendering time is bounded on pathological input (a hang guard, not a timer).
# ---------------------------------------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("brackets", "[" * 40_000),
        ("anchor-tags", "<a " * 13_000),
        ("link-openers", "[a](" * 10_000),
        ("emphasis", "*a _b " * 7_000),
    ],
)
def test_pathological_40kb_note_builds(repo: Repo, name: str, text: str) -> None:
    """Python-Markdown took minutes on these; the site must build and show them as text."""
    repo.add_review("child-test", index=review("\n" + text + "\n"))
    site = build_site(repo.root)
    assert live_hazards(site) == []
    page = (site / PAGE).read_text(encoding="utf-8")
    expected = {"brackets": "[[[[[[", "anchor-tags": "&lt;a &lt;a", "link-openers": "[a]("}
    assert expected.get(name, "a") in page


# ---------------------------------------------------------------------------
# 3. One parse: what MkDocs would publish as text is an error, never a page.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "rule"),
    [
        pytest.param(
            "blank-line-before-front-matter",
            "\n" + REVIEW,
            "front-matter-start",
            marks=refused("front-matter-start"),
        ),
        pytest.param(
            "four-dash-opener",
            "-" + REVIEW,
            "front-matter-delimiter",
            marks=refused("front-matter-delimiter"),
        ),
    ],
)
def test_front_matter_parser_differential_fails_closed(
    repo: Repo, mkdocs_warnings: list[str], name: str, text: str, rule: str
) -> None:
    repo.add_review("child-test", index=text.replace("in-progress", "draft"))
    with pytest.raises((PluginError, Abort)):
        build_site(repo.root)
    assert any(
        "reviews/child-test/index.md:" in m and "error: " in m and f"[{rule}]" in m
        for m in mkdocs_warnings
    )
    site = repo.root / "site"
    assert not site.exists() or b"status: draft" not in everything(site)


@pytest.mark.expected_warnings(
    NOT_SAFE, r"^review_records: site/leak/index\.html:\d+:1: error: .* \[published-front-matter\]$"
)
def test_post_build_check_catches_front_matter_published_as_text(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    """A hand-written page that quotes a record's front matter is refused after the build."""
    repo.add_review("child-test")
    leaked = REVIEW.split("---")[1]
    repo.write("docs/leak.md", "# Notes\n\n" + leaked)
    with pytest.raises(Abort):
        build_site(repo.root)
    message = "\n".join(mkdocs_warnings)
    assert "the built site is not safe to publish (6 finding(s))" in message
    assert re.search(
        r"site/leak/index\.html:\d+:1: error: a record's front-matter lines appear as page text "
        r"\[published-front-matter\]",
        message,
    )


def test_post_build_check_finds_the_same_leak_on_every_page(tmp_path: Path) -> None:
    """The check remembers the text of short lines across pages; each page is still reported."""
    long_value = "A fictional note " * 40  # over 500 characters: not remembered
    pairs = {
        ("title: Child Test (fictional)", "status: published"),
        ("note: " + long_value.strip(), "x: y"),
    }
    page = (
        "<html><body><p>title: <b>Child Test</b> (fictional)</p>\n<p>status: published</p>\n"
        f"<p>note: {long_value}</p>\n<p>x: y</p></body></html>\n"
    )
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(page, encoding="utf-8")
    found = check_site(tmp_path, pairs)
    expected = [(f"{name}/index.html", line) for name in "abc" for line in (1, 3)]
    assert [(p.path, p.line) for p in found] == expected


# ---------------------------------------------------------------------------
# 4. Drafts and private values leave zero bytes.
# ---------------------------------------------------------------------------


def test_draft_review_leaves_zero_bytes(repo: Repo) -> None:
    repo.add_review("child-test")
    draft = review(
        "\nZephyrine fictional draft text.\n",
        title=q("Draft Child Quillon (fictional)"),
        status="draft",
    )
    repo.add_review("child-quillon", index=draft, qm01=answer("\nQuillon notes.\n"))
    site = build_site(repo.root)
    output = everything(site)
    for needle in (b"child-quillon", b"Quillon", b"Zephyrine"):
        assert needle not in output
    assert b"child-test" in output


@refused("link-draft")
def test_link_from_published_review_to_draft_is_an_error(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    repo.add_review("child-test", index=review("\nSee [[child-quillon]].\n"))
    repo.add_review("child-quillon", index=review(status="draft"))
    with pytest.raises((PluginError, Abort)):
        build_site(repo.root)
    errors = [m for m in mkdocs_warnings if "reviews/child-test/index.md:" in m]
    assert errors and all("child-quillon" in m for m in errors)


def test_private_values_are_never_rendered(repo: Repo) -> None:
    index = review(private="\n  case_reference: PRIVREF-ALPHA-77\n  real_name: Fictional Privatus")
    qm01 = answer(private="\n  note: PRIVREF-BETA-88")
    repo.add_review("child-test", index=index, qm01=qm01)
    site = build_site(repo.root)
    output = everything(site)
    for needle in (b"PRIVREF", b"Privatus", b"case_reference"):
        assert needle not in output


# ---------------------------------------------------------------------------
# 5. The denylist: evasions caught, the term never printed.
# ---------------------------------------------------------------------------

TERM = "Ozymandias Quarrington"  # invented for the tests


def _denylist(tmp_path: Path, repo: Repo, entries: str, *, env: bool = False) -> Path:
    path = tmp_path / "outside" / "denylist.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(entries, encoding="utf-8")
    if not env:
        text = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
        option = f"  - review-records:\n      denylist: {path}\n"
        text = text.replace("  - review-records\n", option)
        (repo.root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("exact", "Ozymandias Quarrington"),
        ("case", "OZYMANDIAS quarrington"),
        ("extra-spaces", "Ozymandias     Quarrington"),
        ("line-break", "Ozymandias\nQuarrington"),
        ("zero-width", "Ozy\u200bmandias Quar\u200drington"),
        ("cyrillic-lookalikes", "Ozymаndiаs Quаrringtоn"),  # Cyrillic а and о
        ("greek-lookalikes", "Οzymandias Quarringtοn"),  # Greek Ο and ο
        ("fullwidth", "Ｏｚｙｍａｎｄｉａｓ Quarrington"),
    ],
)
def test_denylist_catches_evasions_in_sources(
    tmp_path: Path, repo: Repo, name: str, written: str
) -> None:
    """The check (which every build runs first) reports the line, never the term."""
    _denylist(tmp_path, repo, f"# invented\n{TERM}\n")
    repo.add_review("child-test", index=review(f"\nA line.\n\nMet {written} twice.\n"))
    problems = [p.format() for p in repo.check().problems]
    # The closing --- is line 9; "Met ..." is line 13.
    assert problems == [
        "reviews/child-test/index.md:13:1: error: a term from the denylist "
        "(its line 2) appears on this line: remove or pseudonymise it [denylist]"
    ]


@refused("denylist", "reviews/child-test/qm01.md")
def test_denylist_hit_in_a_source_fails_the_build(
    tmp_path: Path, repo: Repo, mkdocs_warnings: list[str]
) -> None:
    _denylist(tmp_path, repo, f"{TERM}\n")
    repo.add_review("child-test", qm01=answer(note=q(f"Spoke to {TERM.upper()}")))
    with pytest.raises((PluginError, Abort)):
        build_site(repo.root)
    assert any("qm01.md:6:1: error: a term from the denylist" in m for m in mkdocs_warnings)
    assert all("ozymandias" not in m.lower() for m in mkdocs_warnings)
    assert not (repo.root / "site" / "index.html").exists()


def test_denylist_sha256_entry_and_environment_variable(
    tmp_path: Path, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _denylist(tmp_path, repo, term_hash(TERM) + "\n", env=True)
    monkeypatch.setenv("REVIEW_RECORDS_DENYLIST", str(path))
    repo.add_review("child-test", index=review("\nozymandias QUARRINGTON.\n"))
    problems = [(p.path, p.line, p.rule) for p in repo.check().problems]
    assert problems == [("reviews/child-test/index.md", 11, "denylist")]
    assert "ozymandias" not in path.read_text(encoding="utf-8").lower()


def test_denylist_does_not_match_inside_longer_words(tmp_path: Path, repo: Repo) -> None:
    _denylist(tmp_path, repo, "Quarr\n")
    repo.add_review("child-test", index=review("\nQuarrington and quarry are other words.\n"))
    assert repo.problems() == []


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("html-comment", "# Notes\n\n<!-- Ozymandias Quarrington -->\n"),
        ("alt-text", '# Notes\n\n<img alt="Ozymandias Quarrington" src="x.png">\n'),
        ("entity-encoded", "# Notes\n\n&#79;zymandias &#x51;uarrington\n"),
        ("heading-id-only", "# Notes\n\n## Fine {#ozymandias-quarrington}\n"),
    ],
)
@pytest.mark.expected_warnings(
    NOT_SAFE,
    # The search index holds the text too, where the term is in the page's text.
    r"^review_records: site/(notes/index\.html:\d+|pagefind/fragment/en_\w+\.pf_fragment:1)"
    r":1: error: a term from the denylist .*\[published-denied-term\]$",
)
def test_denylist_scans_every_output_file(
    tmp_path: Path, repo: Repo, mkdocs_warnings: list[str], name: str, page: str
) -> None:
    """Terms only in the built site (a hand-written page here) fail the build, unnamed."""
    _denylist(tmp_path, repo, f"{TERM}\n")
    text = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    (repo.root / "mkdocs.yml").write_text(
        text + "markdown_extensions:\n  - attr_list\n", encoding="utf-8"
    )
    repo.add_review("child-test")
    repo.write("docs/notes.md", page)
    with pytest.raises(Abort):
        build_site(repo.root)
    message = "\n".join(mkdocs_warnings)
    assert "notes/index.html:" in message
    assert "a term from the denylist (its line 1) is in the built site" in message
    assert "ozymandias" not in message.lower()
    # The search index holds the page's text, its images' alt text and its headings' ids.
    in_index = "pagefind/fragment/" in message
    assert in_index == (name != "html-comment"), message


@pytest.mark.expected_warnings(
    r"^review-records: the denylist file must be kept outside the repository "
)
def test_denylist_inside_the_repository_is_refused(repo: Repo, mkdocs_warnings: list[str]) -> None:
    repo.write("denylist.txt", f"{TERM}\n")
    text = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    option = "  - review-records:\n      denylist: denylist.txt\n"
    text = text.replace("  - review-records\n", option)
    (repo.root / "mkdocs.yml").write_text(text, encoding="utf-8")
    repo.add_review("child-test")
    with pytest.raises((PluginError, Abort)):
        build_site(repo.root)
    assert any("must be kept outside the repository" in m for m in mkdocs_warnings)


# ---------------------------------------------------------------------------
# 6. Likely identifiers: warnings at their line, allow comments.
# ---------------------------------------------------------------------------

BODY_LINE = 11  # the first body line of review()


@pytest.mark.parametrize(
    ("name", "text", "rule"),
    [
        ("postcode", "Seen at SW1A 1AA last week.", "identifier-postcode"),
        ("postcode-lower", "Seen at m1 1ae last week.", "identifier-postcode"),
        ("nhs-number", "NHS 943 476 5919 on file.", "identifier-nhs-number"),
        ("ni-number", "NI AB 12 34 56 C recorded.", "identifier-ni-number"),
        ("mobile", "Rang 07700 900123 twice.", "identifier-phone"),
        ("landline-intl", "Rang +44 20 7946 0018 once.", "identifier-phone"),
        ("email", "Wrote to carer.fictional@example.org today.", "identifier-email"),
        ("dob-numeric", "Born 03/04/2019 at home.", "identifier-date-of-birth"),
        ("dob-words", "Date of birth: 3rd April 2019.", "identifier-date-of-birth"),
    ],
)
def test_identifiers_are_warnings_at_their_line(
    repo: Repo, name: str, text: str, rule: str
) -> None:
    repo.add_review("child-test", index=review(f"\n{text}\n"))
    assert repo.problems() == [("reviews/child-test/index.md", BODY_LINE, rule)]


def test_identifier_in_a_note_is_found_at_the_note_line(repo: Repo) -> None:
    repo.add_review("child-test", qm01=answer(note=q("Mother's e-mail is m.fictional@example.org")))
    assert repo.problems() == [("reviews/child-test/qm01.md", 6, "identifier-email")]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("nhs-bad-check-digit", "Ref 943 476 5918 only."),
        ("plain-meeting-date", "The panel met on 03/04/2019."),
        ("allowed-on-line", "Office SW1A 1AA. <!-- review-records: allow postcode -->"),
        ("allowed-in-file", "Office SW1A 1AA.\n\n<!-- review-records: allow-file postcode -->"),
    ],
)
def test_not_identifiers_or_allowed(repo: Repo, name: str, text: str) -> None:
    repo.add_review("child-test", index=review(f"\n{text}\n"))
    assert repo.problems() == []


def test_identifier_allowed_by_yaml_comment_and_private_skipped(repo: Repo) -> None:
    index = review(
        partnership=q("Testshire (fictional), PO Box SW1A 1AA")
        + "  # review-records: allow postcode",
        private="\n  address: 1 Fictional Road, SW1A 2AA",
    )
    repo.add_review("child-test", index=index)
    assert repo.problems() == []


@pytest.mark.expected_warnings(
    r"^review_records: reviews/child-test/index\.md:11:9: warning: .* \[identifier-postcode\]$"
)
def test_identifier_fails_a_strict_build(repo: Repo, mkdocs_warnings: list[str]) -> None:
    repo.add_review("child-test", index=review("\nSeen at SW1A 1AA.\n"))
    with pytest.raises(Abort):
        build_site(repo.root)
    assert any("[identifier-postcode]" in m for m in mkdocs_warnings)


# ---------------------------------------------------------------------------
# 7. A hostile file system.
# ---------------------------------------------------------------------------


@refused("symlink", "reviews/child-secret")
def test_symlinked_review_folder_is_refused(tmp_path: Path, repo: Repo) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "index.md").write_text(REVIEW.replace("Child Test", "Secret Child"), "utf-8")
    repo.add_review("child-test")
    (repo.root / "reviews" / "child-secret").symlink_to(outside)
    assert ("reviews/child-secret", 1, "symlink") in repo.problems()
    with pytest.raises((PluginError, Abort)):
        build_site(repo.root)


def test_symlinked_answer_file_is_refused(tmp_path: Path, repo: Repo) -> None:
    outside = tmp_path / "qm01.md"
    outside.write_text(textwrap.dedent(ANSWER), "utf-8")
    repo.add_review("child-test")
    (repo.root / "reviews" / "child-test" / "qm01.md").symlink_to(outside)
    assert repo.problems() == [("reviews/child-test/qm01.md", 1, "symlink")]


def test_ids_colliding_by_case_are_errors(repo: Repo) -> None:
    repo.add_review("child-test")
    repo.write("reviews/Child-Test/index.md", REVIEW)
    problems = repo.problems()
    assert ("reviews/Child-Test", 1, "name-collision") in problems
    assert ("reviews/child-test", 1, "name-collision") in problems


def test_ids_colliding_by_unicode_form_are_errors(repo: Repo) -> None:
    repo.add_review("child-test")
    repo.write("reviews/ｃhild-test/index.md", REVIEW)  # fullwidth c
    rules = {(path, rule) for path, _, rule in repo.problems()}
    assert ("reviews/child-test", "name-collision") in rules
    assert ("reviews/ｃhild-test", "name-collision") in rules


@pytest.mark.parametrize(
    ("uri", "safe"),
    [
        ("reviews/child-q/qm05.md", True),
        ("index.md", True),
        ("data/reviews.json", True),
        ("../outside.md", False),
        ("reviews/../../x.md", False),
        ("/etc/passwd.md", False),
        ("reviews/Child-Q/index.md", False),
        ("reviews/child q/index.md", False),
    ],
)
def test_output_paths_come_only_from_ids(uri: str, safe: bool) -> None:
    assert safe_output_uri(uri) is safe


def test_build_of_hostile_records_changes_no_source(repo: Repo) -> None:
    repo.add_review(
        "child-test",
        index=review("\n<script>alert(1)</script> [x](javascript:alert(2))\n"),
        qm01=answer(note=q("<img src=x onerror=alert(3)>")),
    )

    def digest() -> dict[str, str]:
        return {
            p.relative_to(repo.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(repo.root.rglob("*"))
            if p.is_file() and p.relative_to(repo.root).parts[0] not in {"site", ".cache"}
        }

    before = digest()
    site = build_site(repo.root)
    assert live_hazards(site) == []
    assert digest() == before


# ---------------------------------------------------------------------------
# 8. The post-build check on its own, on hand-made output.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "html", "expected"),
    [
        (
            "script-in-content",
            f"{CONTENT_START}<p>x</p>\n<script>alert(1)</script>{CONTENT_END}",
            [("page.html", 2, "<script> inside page content")],
        ),
        (
            "external-script",
            '<script src="https://cdn.example/x.js"></script>',
            [("page.html", 1, "<script> loading 'https://cdn.example/x.js' from outside the site")],
        ),
        (
            "handler-after-quoted-gt",
            '<img alt=">" onerror="alert(1)">',
            [("page.html", 1, "event-handler attribute 'onerror' on <img>")],
        ),
        (
            "entity-javascript",
            '<a href="jav&#x61;script:alert(1)">x</a>',
            [("page.html", 1, "javascript: URL in 'href' of <a>")],
        ),
        (
            # Outside content too: only the theme's own scripts (see test_postcheck_html.py).
            "inline-script-the-theme-does-not-ship",
            "<script>var x = 1;</script>",
            [("page.html", 1, "inline <script> the theme does not ship")],
        ),
        ("escaped-text-is-fine", "<p>&lt;img onerror=alert(1)&gt;</p>", []),
    ],
)
def test_post_build_check(tmp_path: Path, name: str, html: str, expected: list) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(html, encoding="utf-8")
    assert [(p.path, p.line, p.message) for p in check_site(site)] == expected


def test_a_big_site_is_checked_on_two_processes_with_the_same_findings(tmp_path: Path) -> None:
    """From SCAN_PARALLEL_FROM pages a build scans on two workers: nothing may be lost."""
    site = tmp_path / "site"
    pages = SCAN_PARALLEL_FROM * 2
    for n in range(pages):
        folder = site / f"p{n:04d}"
        folder.mkdir(parents=True)
        unsafe = n % 97 == 0
        html = '<a href="javascript:alert(1)">x</a>\n' if unsafe else "<p>fine</p>\n"
        (folder / "index.html").write_text(html, encoding="utf-8")
    (site / "p0001" / "index.html").write_text(
        f"{CONTENT_START}<script>alert(1)</script>{CONTENT_END}\n", encoding="utf-8"
    )
    one = check_site(site, workers=1)
    assert len(one) == len(range(0, pages, 97)) + 1
    assert check_site(site, workers=2) == one


def test_sample_site_passes_the_publication_checks(sample_repo: Path) -> None:
    site = build_site(sample_repo)
    assert live_hazards(site) == []
    assert check_site(site) == []


def test_a_serve_rebuild_checks_the_pages_it_wrote(tmp_path: Path) -> None:
    """Under serve only files written since the build began are read again, and all of them."""
    site = tmp_path / "site"
    site.mkdir()
    old, new = site / "old.html", site / "new.html"
    for page in (old, new):
        page.write_text('<a href="javascript:alert(1)">x</a>\n', encoding="utf-8")
    started = time.time()
    os.utime(old, (started - 60, started - 60))
    assert [p.path for p in check_site(site, since=started - 1)] == ["new.html"]
    assert sorted(p.path for p in check_site(site)) == ["new.html", "old.html"]
