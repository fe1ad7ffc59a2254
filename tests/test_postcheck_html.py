"""The post-build check reads pages as a browser does (issue #13): real builds and real HTML.

All names and places are invented for the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ANSWER, MKDOCS_YML, REVIEW, Repo, build_site
from review_records.pages.themetext import LOOKALIKES, theme_title
from review_records.problems import Problem, Severity
from review_records.safety.htmlscan import CONTENT_END, CONTENT_START, ThemeScripts, scan_page
from review_records.safety.postcheck import check_site, front_matter_pairs

FIXTURES = Path(__file__).parent / "fixtures"
#: Two review titles that ran as script in every page of their review before #13.
BREAKOUT_TITLES = {
    "child-a": '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    "child-b": '<svg></p><title><a id="</title><img src=x onerror=alert(1)>"></a></title></svg>',
}
MATERIAL_YML = MKDOCS_YML.replace("  name: mkdocs\n  highlightjs: false\n", "  name: material\n")


def _any_file(_: str) -> bool:
    return True


def _found(problems: list[Problem]) -> list[tuple[str, int, str, str]]:
    """(path, line, rule, message) of each finding; every one is an error."""
    assert all(problem.severity is Severity.ERROR for problem in problems)
    return [(p.path, p.line, p.rule, p.message) for p in problems]


def test_pages_built_before_the_fix_are_refused() -> None:
    """The two pages as Material built them before #13 (see fixtures/built-before-19)."""
    assert _found(check_site(FIXTURES / "built-before-19")) == [
        (
            "reviews/child-a/index.html",
            26,
            "published-script",
            "inline <script> the theme does not ship",
        ),
        (
            "reviews/child-b/index.html",
            26,
            "published-handler",
            "event-handler attribute 'onerror' on <img>",
        ),
    ]


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for relpath, html in pages.items():
        (site / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / relpath).write_text(html, encoding="utf-8")
    return site


def test_theme_scripts_are_known_by_their_text_not_their_place(tmp_path: Path) -> None:
    theme = '<script>var base_url = "{}", keys = {{"help": 191}}, dot = ".";</script>'
    site = _site(
        tmp_path,
        {
            "404.html": theme.format("/"),
            "a/b/index.html": theme.format("../.."),
            "index.html": theme.format("."),  # "." is both the base and another literal
            "a/other/index.html": theme.format("../..").replace("191", "192"),
            "a/inside/index.html": f"{CONTENT_START}{theme.format('../..')}{CONTENT_END}",
            "a/moved/index.html": theme.format("https://elsewhere.example/"),
            "a/data/index.html": '<script type="application/json">{"title": "x"}</script>',
        },
    )
    assert _found(check_site(site)) == [
        ("a/inside/index.html", 1, "published-script", "<script> inside page content"),
        ("a/moved/index.html", 1, "published-script", "inline <script> the theme does not ship"),
        ("a/other/index.html", 1, "published-script", "inline <script> the theme does not ship"),
    ]


def test_without_a_404_page_no_inline_script_is_the_themes(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": "<script>var x = 1;</script>"})
    assert _found(check_site(site)) == [
        ("index.html", 1, "published-script", "inline <script> the theme does not ship")
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Breakouts of raw-text and RCDATA elements, as the browser's parser reads them.
        ("<title></TITLE><SCRIPT>alert(1)</SCRIPT></title>", ["inline <script>"]),
        ("<title>a</title ><img src=x onerror=alert(1)>", ["'onerror'"]),
        ("<textarea></textarea><img src=x onerror=alert(1)></textarea>", ["'onerror'"]),
        ("<style></style><img src=x onerror=alert(1)></style>", ["'onerror'"]),
        ("<xmp></xmp><svg onload=alert(1)>", ["'onload'"]),
        ("<iframe></iframe><img src=x onerror=alert(1)>", ["<iframe>", "'onerror'"]),
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
            ["<noscript>"],
        ),
        # Foreign content (svg, math) and mXSS shapes in the style of DOMPurify's tests.
        (
            '<svg></p><title><a id="</title><img src=x onerror=alert(1)>"></a></title>',
            ["'onerror'"],
        ),
        ("<svg><script>alert(1)</script></svg>", ["inline <script>"]),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", []),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", ["'onerror'"]),
        ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', ["javascript:"]),
        ("<svg><animate attributeName=href to=x /></svg>", ["<animate>"]),
        ('<math href="jav&#x09;ascript:alert(1)">x</math>', ["javascript:"]),
        ("<template><img src=x onerror=alert(1)></template>", ["'onerror'"]),
        # Documents inside documents, and retargeted URLs.
        (
            '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
            ["srcdoc", "<iframe>"],
        ),
        ('<base href="https://elsewhere.example/">', ["<base>"]),
        ('<meta http-equiv="refresh" content="0; URL=\'javascript:alert(1)\'">', ["javascript:"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["<object>", "<embed>"]),
        ('<a href="&#106;avascript:alert(1)">x</a>', ["javascript:"]),
        (
            '<form action="vbscript:x"><button formaction="javascript:x">b</button></form>',
            ["vb", "java"],
        ),
        ('<script type="module">alert(1)</script>', ["inline <script>"]),
        ('<script language="javascript">alert(1)</script>', ["inline <script>"]),
        ('<script src="https://cdn.example/x.js"></script>', ["from outside the site"]),
        ('<script src="//cdn.example/x.js"></script>', ["from outside the site"]),
        # Text is text: no finding.
        ('<a title="javascript://a review title" href="x/">t</a>', []),
        ('<td aria-label="javascript: words" data-sort="javascript:">t</td>', []),
        ('<img alt="javascript:" src="data:image/png;base64,AAAA">', []),
        ('<meta http-equiv="refresh" content="5; url=../x/">', []),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img onerror=x&gt;</p>", []),
        ('<script type="application/json">{"a": "</p><img src=x>"}</script>', []),
    ],
)
def test_what_a_browser_would_run_is_found(html: str, expected: list[str]) -> None:
    found = [p.message for p in scan_page("page.html", html, ThemeScripts(), _any_file)]
    assert len(found) == len(expected), found
    for what, part in zip(found, expected, strict=True):
        assert part in what


def test_findings_name_the_line_and_column(tmp_path: Path) -> None:
    html = "<p>one</p>\n<p>two</p>\n<img src=x\n  onerror=alert(1)>\n<a href='javascript:x'>a</a>\n"
    found = scan_page("p.html", html, ThemeScripts(), _any_file)
    assert [(p.line, p.column, p.rule, p.message) for p in found] == [
        (4, 3, "published-handler", "event-handler attribute 'onerror' on <img>"),
        (5, 4, "published-url-scheme", "javascript: URL in 'href' of <a>"),
    ]


# ---------------------------------------------------------------------------
# The theme is handed titles it cannot mistake for markup.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title_html", "expected"),
    [
        ("Child Q", "Child Q"),
        ("Child &lt;/title&gt;&lt;script&gt;", "Child \uff1c/title\uff1e\uff1cscript\uff1e"),
        ("Child's &quot;review&quot; &amp; more", "Child\u2019s \uff02review\uff02 &amp; more"),
        ("Child &amp;lt;b&amp;gt;", "Child &amp;lt;b&amp;gt;"),  # entity-looking text stays text
        ("<code>x</code> `y`", "x \uff40y\uff40"),
    ],
)
def test_theme_title(title_html: str, expected: str) -> None:
    assert theme_title(title_html) == expected


def _breakout_repo(repo: Repo, yml: str) -> None:
    repo.write("mkdocs.yml", yml)
    for review_id, title in BREAKOUT_TITLES.items():
        index = REVIEW.replace("title: Child Test (fictional)", f"title: {json.dumps(title)}")
        repo.add_review(review_id, index, qm01=ANSWER)


@pytest.mark.parametrize("yml", [MKDOCS_YML, MATERIAL_YML], ids=["mkdocs", "material"])
def test_breakout_titles_build_as_text_on_both_themes(repo: Repo, yml: str) -> None:
    _breakout_repo(repo, yml)
    site = build_site(repo.root)
    for review_id, title in BREAKOUT_TITLES.items():
        for page in (f"reviews/{review_id}/index.html", f"reviews/{review_id}/qm01/index.html"):
            html = (site / page).read_text(encoding="utf-8")
            tab = html.split("<title>", 1)[1].split("</title>", 1)[0]
            assert tab.startswith(title.translate(LOOKALIKES).replace("&", "&amp;")), tab
    assert check_site(site) == []


# ---------------------------------------------------------------------------
# Honest records that the check used to refuse.
# ---------------------------------------------------------------------------


def test_block_scalar_note_with_a_colon_builds(repo: Repo) -> None:
    answer = ANSWER.replace(
        "  q1: yes",
        "  q1:\n    answer: partly\n    note: |-\n      Reason: the plan was late\n"
        "      and nobody escalated.",
    )
    repo.add_review(qm01=answer)
    site = build_site(repo.root)
    assert "Reason: the plan was late\nand nobody escalated." in (
        site / "reviews/child-test/qm01/index.html"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("yml", [MKDOCS_YML, MATERIAL_YML], ids=["mkdocs", "material"])
def test_title_beginning_like_a_javascript_url_builds(repo: Repo, yml: str) -> None:
    repo.write("mkdocs.yml", yml)
    repo.add_review(index=REVIEW.replace("Child Test (fictional)", "javascript://Child T"))
    repo.add_review("child-two", qm01=ANSWER)
    site = build_site(repo.root)
    assert "javascript://Child T" in (site / "index.html").read_text(encoding="utf-8")


def test_front_matter_pairs_leave_out_the_lines_of_a_value() -> None:
    text = (
        "---\njudgement: met\nnote: |-\n  Reason: the plan was late\n  and nobody escalated.\n"
        'quoted: "First line\n  Reason: second line"\nevidence:\n  - Minutes\n---\nBody\n'
    )
    assert front_matter_pairs([text]) == {
        ("judgement: met", "note: |-"),
        ("note: |-", 'quoted: "First line'),
        ('quoted: "First line', "evidence:"),
        ("evidence:", "- Minutes"),
    }


def test_front_matter_pairs_of_broken_yaml_keep_every_line() -> None:
    text = "---\njudgement: met\nnote: |-\n  Reason: late\nbad: @x\nnext: x\n---\n"
    pairs = front_matter_pairs([text])
    assert ("note: |-", "Reason: late") in pairs
    assert ("bad: @x", "next: x") in pairs


def test_a_leaked_record_is_still_found_with_a_block_scalar(tmp_path: Path) -> None:
    record = "---\njudgement: met\nnote: |-\n  Reason: late\nassessed_on: 2025-02-01\n---\n"
    site = tmp_path / "site"
    site.mkdir()
    shown = "<p>judgement: met\nnote: |-\nReason: late\nassessed_on: 2025-02-01</p>\n"
    (site / "page.html").write_text(shown, encoding="utf-8")
    found = check_site(site, front_matter_pairs([record]))
    assert (
        "page.html",
        1,
        "published-front-matter",
        "a record's front-matter lines appear as page text",
    ) in _found(found)


def test_the_fixture_pages_are_the_ones_built_before_the_fix() -> None:
    """The fixture is real Material output: its <title> holds the raw breakout."""
    page = FIXTURES / "built-before-19/reviews/child-a/index.html"
    assert "<title></TITLE><SCRIPT>alert(" in page.read_text(encoding="utf-8")
