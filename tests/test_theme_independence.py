"""A plain ``mkdocs.yml`` makes a whole site on any theme: noindex and the nav are the plugin's."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import ANSWER, REVIEW, Repo, build_site
from review_records.plugin.robots import NOINDEX, with_noindex
from review_records.safety.htmlscan import ThemeScripts, scan_page

# What a partnership writes when it starts: no overrides, no `not_in_nav`, its own nav.
PLAIN_YML = """\
site_name: Plain records
docs_dir: docs
validation:
  omitted_files: warn
nav:
  - Dashboard: index.md
  - Reviews: reviews/index.md
  - Markers: markers/index.md
  - Our notes: notes.md
plugins:
  - search
  - review-records
"""
THEMES = {
    "mkdocs": "theme:\n  name: mkdocs\n  highlightjs: false\n",
    "material": "theme:\n  name: material\n  font: false\n",
}
# How each theme prints the top level of the nav.
NAV_LINKS = {
    "mkdocs": "ul.navbar-nav:not(.ms-md-auto) a.nav-link",
    "material": "nav.md-nav--primary > ul > li > a.md-nav__link",
}


@pytest.fixture
def mkdocs_log() -> Iterator[list[str]]:
    """What MkDocs logs in the test from INFO up (it notes pages left out of a nav there)."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler, level = Collect(logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _plain_repo(repo: Repo, theme: str, yml: str = PLAIN_YML) -> None:
    repo.write("mkdocs.yml", yml + THEMES[theme])
    repo.write("docs/notes.md", "# Our notes\n\nWritten by hand.\n")
    repo.add_review("child-test", qm01=ANSWER)
    repo.add_review("child-other", index=REVIEW.replace("Child Test", "Child Other"))


def _robots(page: Path) -> list[str]:
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    return [node.attributes.get("content") or "" for node in tree.css('meta[name="robots"]')]


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_plain_site_is_noindex_everywhere_and_keeps_its_nav(
    repo: Repo, mkdocs_log: list[str], theme: str
) -> None:
    _plain_repo(repo, theme)
    site = build_site(repo.root)  # strict: an omitted page would fail it
    assert [m for m in mkdocs_log if "not included" in m] == []
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages
    assert site / "reviews" / "child-test" / "qm01" / "index.html" in pages
    wrong = {
        p.relative_to(site).as_posix(): r
        for p in pages
        if (r := _robots(p)) != ["noindex, nofollow"]
    }
    assert wrong == {}, "every page carries exactly one robots meta"
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    nav = [node.text(deep=True).strip() for node in home.css(NAV_LINKS[theme])]
    assert nav == ["Dashboard", "Reviews", "Markers", "Our notes"]


def test_without_a_nav_the_sections_form_it_and_record_pages_stay_out(
    repo: Repo, mkdocs_log: list[str]
) -> None:
    without_nav = PLAIN_YML[: PLAIN_YML.index("nav:")] + PLAIN_YML[PLAIN_YML.index("plugins:") :]
    _plain_repo(repo, "mkdocs", without_nav)
    site = build_site(repo.root)
    assert [m for m in mkdocs_log if "not included" in m] == []
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    nav = [node.text(deep=True).strip() for node in home.css(NAV_LINKS["mkdocs"])]
    # MkDocs' own order (files first, then folders) and titles (first headings): no record page.
    assert nav == [
        "Case review records",
        "Our notes",
        "Actions",
        "Agencies",
        "Markers",
        "Reviews",
        "Themes",
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<html><head><title>t</title></head><body></body></html>",
         f"<html><head><title>t</title>  {NOINDEX}\n</head><body></body></html>"),
        ('<html><HEAD data-x="a>b"><meta charset="utf-8"></HEAD><header>h</header></html>',
         f'<html><HEAD data-x="a>b"><meta charset="utf-8">  {NOINDEX}\n</HEAD><header>h</header>'
         "</html>"),
        ("<html lang=en><title>t</title><body><header>x</header>",
         f"<html lang=en>  {NOINDEX}\n<title>t</title><body><header>x</header>"),
        ("<head><meta charset=utf-8><body><p>x",
         f"<head>  {NOINDEX}\n<meta charset=utf-8><body><p>x"),
    ],
)  # fmt: skip
def test_noindex_goes_into_the_head_once(html: str, expected: str) -> None:
    assert with_noindex(html) == expected
    assert with_noindex(expected) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<head><META NAME=Robots CONTENT=noindex></head>",
        "<head><meta content='none' name='robots'></head>",
        '<?xml version="1.0"?><urlset></urlset>',
        "<p>a fragment</p>",
    ],
)
def test_a_page_with_its_own_robots_meta_or_no_head_is_left_alone(html: str) -> None:
    assert with_noindex(html) == html


def test_a_robots_meta_in_the_body_does_not_stand_for_the_heads() -> None:
    html = '<html><head></head><body><meta name="robots" content="all"></body></html>'
    assert with_noindex(html).count(NOINDEX) == 1


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (f"<html><head>{NOINDEX}</head></html>", []),
        ('<meta name="robots" http-equiv="refresh" content="0;url=javascript:alert(1)">',
         ["javascript:"]),
        ('<meta name="robots" content="noindex" onload="alert(1)">', ["'onload'"]),
    ],
)  # fmt: skip
def test_the_publication_check_accepts_noindex_and_not_what_rides_on_a_meta(
    html: str, expected: list[str]
) -> None:
    found = [p.message for p in scan_page("page.html", html, ThemeScripts(), lambda _: True)]
    assert len(found) == len(expected), found
    for what, part in zip(found, expected, strict=True):
        assert part in what
