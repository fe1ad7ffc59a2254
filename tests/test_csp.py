"""The Content-Security-Policy the plugin writes, and the post-build check that insists on it.

Real builds of a small site: every HTML page carries one strict policy whose
script hashes are exactly those of the inline scripts in its frame. Then a
built page is changed by hand (the policy dropped, weakened or moved after a
script) and the publication check, run over the site as the build runs it,
refuses it with ``published-csp``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser

from conftest import ANSWER, MKDOCS_YML, Repo, build_site
from review_records.safety.csp import POLICY, policy_findings, policy_for, with_policy
from review_records.safety.documents import CONTENT_END, CONTENT_START
from review_records.safety.publication import check_output
from review_records.settings import settings_from_mkdocs_yml

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Repo(tmp_path_factory.mktemp("csp") / "records")
    repo.add_review(qm01=ANSWER)
    return build_site(repo.root)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_carries_one_policy_with_its_own_script_hashes(site: Path) -> None:
    pages = _pages(site)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policies = META.findall(html)
        assert len(policies) == 1, path
        tree = LexborHTMLParser(html)
        # The search page alone may run WebAssembly (Pagefind); tests/test_search.py.
        assert policy_findings(tree, wasm=path.parent.name == "search") == [], path
        inline = [
            node.text(deep=True)
            for node in tree.css("script")
            if "src" not in node.attributes and "type" not in node.attributes
        ]
        hashes = set(re.findall(r"'sha256-[^']+'", policies[0].split(";")[1]))
        assert hashes == {_sha(text) for text in inline}, path


def test_a_script_in_page_content_is_never_hashed() -> None:
    frame = "<!doctype html><html><head><meta charset='utf-8'><script>theme()</script></head>"
    content = f"<body>{CONTENT_START}<script>evil()</script>{CONTENT_END}</body></html>"
    policy = policy_for(frame + content)
    assert _sha("theme()") in policy
    assert _sha("evil()") not in policy


GOOD = "; ".join(f"{name} {' '.join(sources)}" for name, sources in POLICY.items())


@pytest.mark.parametrize(
    ("head", "finding"),
    [
        ("<title>x</title>", "no Content-Security-Policy <meta>"),
        (
            f'<script src="a.js"></script><meta http-equiv="Content-Security-Policy" '
            f'content="{GOOD}">',
            "<script> comes before the page's Content-Security-Policy",
        ),
        (
            '<meta http-equiv="Content-Security-Policy" content="'
            + GOOD.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            + '">',
            "script-src allows 'unsafe-inline'",
        ),
        (
            '<meta http-equiv="Content-Security-Policy" content="'
            + GOOD.replace("script-src 'self'", "script-src 'self' https:")
            + '">',
            "script-src allows https:",
        ),
        (
            '<meta http-equiv="Content-Security-Policy" content="'
            + GOOD.replace("; object-src 'none'", "")
            + '">',
            "has no object-src",
        ),
        (
            '<meta http-equiv="Content-Security-Policy" content="'
            + GOOD.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            + '">',
            "style-src allows 'unsafe-inline'",
        ),
        (
            f'<meta http-equiv="Content-Security-Policy" content="{GOOD}; '
            "script-src-attr 'unsafe-inline'\">",
            "has script-src-attr, which overrides script-src",
        ),
    ],
)
def test_a_missing_late_or_weaker_policy_is_found(head: str, finding: str) -> None:
    tree = LexborHTMLParser(f"<!doctype html><html><head>{head}</head><body></body></html>")
    assert any(finding in problem for problem in policy_findings(tree)), policy_findings(tree)


def test_with_policy_puts_it_first_after_the_charset() -> None:
    html = '<!doctype html><html><head data-x="1">\n<meta charset="utf-8"><link href="a.css">'
    written = with_policy(html + "</head><body></body></html>")
    assert written.index("Content-Security-Policy") > written.index("charset")
    assert written.index("Content-Security-Policy") < written.index("<link")
    assert policy_findings(LexborHTMLParser(written)) == []


def test_the_publication_check_refuses_a_page_whose_policy_was_taken_out(
    site: Path, tmp_path: Path
) -> None:
    settings = settings_from_mkdocs_yml(site.parent / "mkdocs.yml")
    assert check_output(settings, site, csp=True) == []
    page = site / "reviews" / "child-test" / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(META.sub("", original), encoding="utf-8")
        [problem] = check_output(settings, site, csp=True)
        assert problem.rule == "published-csp"
        assert problem.path.endswith("reviews/child-test/index.html")
        assert "no Content-Security-Policy" in problem.message
    finally:
        page.write_text(original, encoding="utf-8")


@pytest.mark.expected_warnings(r"^review_records: csp is off: pages carry no Content-Security")
def test_turning_the_policy_off_warns_and_writes_none(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "records")
    repo.add_review(qm01=ANSWER)
    options = "  - review-records:\n      csp: false\n"
    repo.write("mkdocs.yml", MKDOCS_YML.replace("  - review-records\n", options))
    site = repo.root / "site"
    build(load_config(str(repo.root / "mkdocs.yml"), site_dir=str(site)))  # not strict: it warns
    assert "Content-Security-Policy" not in (site / "index.html").read_text(encoding="utf-8")
