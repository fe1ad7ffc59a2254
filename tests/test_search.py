"""Search (#15): Pagefind's index of the published pages, the search page and box, and the check.

Real builds of a small repository in which a draft review carries a word of its
own and a published review a ``private:`` value. The index is read back
decompressed (as the browser gets it): it holds every published page with its
filters, and neither the draft's word nor the private value. Then the index is
changed by hand, as a careless or hostile step after the build could change it,
and the publication check refuses each change (``tests/browser/test_search.py``
runs the same searches through Pagefind's own script in Chromium).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cbor2
import pytest
from mkdocs.exceptions import Abort
from selectolax.lexbor import LexborHTMLParser

from conftest import ANSWER, MKDOCS_YML, REVIEW, Repo, build_site
from review_records.safety.csp import WASM, policy_findings
from review_records.safety.publication import check_output
from review_records.safety.searchindex import SIGNATURE
from review_records.settings import settings_from_mkdocs_yml
from support.searchindex import fragments, index_text
from test_serve import Server, _wait_for

#: Words that only unpublishable things carry (fictional, and found nowhere else).
DRAFT_WORD = "quillonwhisper"
PRIVATE_VALUE = "Zebrafinch-4471"
DENIED = "Ozymandias Quarrington"

DRAFT = (
    REVIEW.replace("Child Test", "Child Draft").replace("status: in-progress", "status: draft")
    + f"\nThe {DRAFT_WORD} notes are not ready.\n"
)
PUBLISHED = REVIEW.replace(
    "themes: [neglect]\n",
    f'themes: [neglect]\nprivate:\n  case_reference: "{PRIVATE_VALUE}"\n',
)


def _repo(root: Path, yml: str = MKDOCS_YML) -> Repo:
    repo = Repo(root)
    repo.write("mkdocs.yml", yml)
    repo.add_review("child-test", index=PUBLISHED, qm01=ANSWER)
    repo.add_review("child-draft", index=DRAFT, qm01=ANSWER)
    repo.write("docs/notes.md", "# Our notes\n\nWritten by hand about neglect.\n")
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, Path]:
    repo = _repo(tmp_path_factory.mktemp("search") / "records")
    return repo, build_site(repo.root)


def _pages_with_content(site: Path) -> set[str]:
    """URLs of the built pages that have content (the theme's 404 page has none)."""
    urls = set()
    for path in site.rglob("*.html"):
        relpath = path.relative_to(site).as_posix()
        if "review-records:content" in path.read_text(encoding="utf-8"):
            urls.add("/" + relpath.removesuffix("index.html"))
    return urls


def test_every_published_page_is_indexed_with_its_filters(built: tuple[Repo, Path]) -> None:
    _, site = built
    indexed = fragments(site)
    # Every page with content but the search page itself, and nothing else.
    assert set(indexed) == _pages_with_content(site) - {"/search/"}
    review = indexed["/reviews/child-test/"]
    assert review["meta"]["title"] == "Child Test (fictional)"
    assert review["filters"] == {
        "kind": ["Review"],
        "type": ["Local child safeguarding practice review"],
        "status": ["In progress"],
        "theme": ["Neglect"],
        "agency": ["Police"],
        "year": ["2025"],
    }
    answer = indexed["/reviews/child-test/qm01/"]["filters"]
    assert answer["kind"] == ["Answer to a marker"]
    assert answer["judgement"] == ["Met"]
    assert answer["marker"][0].startswith("01 ")
    assert indexed["/markers/qm01/"]["filters"]["kind"] == ["Marker"]
    assert indexed["/themes/neglect/"]["filters"] == {"kind": ["Theme"], "theme": ["Neglect"]}
    assert indexed["/agencies/police/"]["filters"] == {"kind": ["Agency"], "agency": ["Police"]}
    assert indexed["/notes/"]["filters"] == {"kind": ["Guide"]}
    assert indexed["/"]["filters"] == {"kind": ["Section"]}
    # Only the content is indexed: the theme's frame (nav, footer) and the search box are not.
    assert "Written by hand about neglect." in indexed["/notes/"]["content"]
    assert "Search" not in indexed["/notes/"]["content"]


def test_the_search_page_offers_every_filter_value_the_index_holds(
    built: tuple[Repo, Path],
) -> None:
    """The page carries the checkboxes (the browser need not load the filter index first),
    and they are exactly the index's values: none missing, none that would find nothing."""
    _, site = built
    held: dict[str, set[str]] = {}
    for page in fragments(site).values():
        for name, values in page["filters"].items():
            held.setdefault(name, set()).update(values)
    tree = LexborHTMLParser((site / "search/index.html").read_text(encoding="utf-8"))
    offered: dict[str, list[str]] = {}
    for group in tree.css("[data-search-facet]"):
        name = group.attributes["data-search-facet"] or ""
        boxes = group.css("input[type=checkbox]")
        assert all(box.attributes["name"] == name for box in boxes)
        offered[name] = [box.attributes["value"] or "" for box in boxes]
    assert {name: set(values) for name, values in offered.items()} == held
    assert offered["kind"] == sorted(offered["kind"])  # in reading order
    # Each box is named by its label, which the script gives a count.
    for box in tree.css("[data-search-facets] input[type=checkbox]"):
        label = tree.css_first(f'label[for="{box.attributes["id"]}"]')
        assert label is not None and label.css_first("[data-count]") is not None


def test_nothing_unpublishable_is_in_the_index(built: tuple[Repo, Path]) -> None:
    _, site = built
    text = index_text(site).casefold()
    assert "neglect" in text  # the reading works
    assert DRAFT_WORD not in text
    assert PRIVATE_VALUE.casefold() not in text
    assert "4471" not in text
    assert [url for url in fragments(site) if "child-draft" in url] == []
    # Pagefind's own interfaces are not shipped: the site has its own.
    assert sorted(p.name for p in (site / "pagefind").glob("*.js")) == [
        "pagefind-worker.js",
        "pagefind.js",
    ]


def test_the_unchanged_index_passes_the_check(built: tuple[Repo, Path]) -> None:
    repo, site = built
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    assert check_output(settings, site, csp=True) == []


def _fragment_of(site: Path, url: str) -> Path:
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])
        if data["url"] == url:
            return path
    raise AssertionError(f"no fragment for {url}")


def _rewrite(path: Path, change: Callable[[dict[str, object]], None]) -> None:
    data = json.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])
    change(data)
    path.write_bytes(gzip.compress(SIGNATURE + json.dumps(data).encode()))


def _add_text(words: str) -> Callable[[Path], None]:
    def plant(site: Path) -> None:
        def change(data: dict[str, object]) -> None:
            data["content"] = f"{data['content']} {words}"

        _rewrite(_fragment_of(site, "/reviews/child-test/"), change)

    return plant


def _draft_entry(site: Path) -> None:
    source = _fragment_of(site, "/reviews/child-test/")
    target = source.with_name("en_0000000.pf_fragment")
    shutil.copy(source, target)

    def change(data: dict[str, object]) -> None:
        data["url"] = "/reviews/child-draft/"
        data["content"] = f"Child Draft. The {DRAFT_WORD} notes are not ready."

    _rewrite(target, change)


def _word_in_word_index(site: Path) -> None:
    path = sorted((site / "pagefind" / "index").glob("*.pf_index"))[0]
    payload = cbor2.dumps([[word.lower(), [[0, [1]]]] for word in DENIED.split()])
    path.write_bytes(gzip.compress(SIGNATURE + payload))


def _write(relpath: str, data: bytes) -> Callable[[Path], None]:
    def plant(site: Path) -> None:
        (site / "pagefind" / relpath).write_bytes(data)

    return plant


#: name → (what is done to the built index, the rules the check must report).
PLANTED: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    "denylisted term in a fragment": (
        _add_text(DENIED),
        {"published-denied-term", "published-search-index"},
    ),
    "private value in a fragment": (_add_text(PRIVATE_VALUE), {"published-search-index"}),
    "draft's entry": (_draft_entry, {"published-search-index"}),
    "denylisted word in the word index": (_word_in_word_index, {"published-denied-term"}),
    "file that is not gzip": (
        _write("fragment/en_1111111.pf_fragment", b"{}"),
        {"published-search-index"},
    ),
    "gzip without the signature": (
        _write("fragment/en_2222222.pf_fragment", gzip.compress(b'{"url": "/"}')),
        {"published-search-index"},
    ),
    "fragment that is not JSON": (
        _write("fragment/en_3333333.pf_fragment", gzip.compress(SIGNATURE + b"\xff{")),
        {"published-search-index"},
    ),
    "word index that is not CBOR": (
        _write("index/en_4444444.pf_index", gzip.compress(SIGNATURE + b"\xff\xff")),
        {"published-search-index"},
    ),
    "file Pagefind never writes": (_write("notes.html", b"<p>hi</p>"), {"published-search-index"}),
}


@pytest.mark.parametrize("name", list(PLANTED))
def test_the_check_fails_closed_on_an_index_changed_by_hand(
    built: tuple[Repo, Path], tmp_path: Path, name: str
) -> None:
    repo, site = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    denylist = tmp_path / "denylist.txt"
    denylist.write_text(f"{DENIED}\n", encoding="utf-8")
    plant, rules = PLANTED[name]
    plant(copy)
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    findings = check_output(dataclasses.replace(settings, denylist=str(denylist)), copy)
    assert {finding.rule for finding in findings} == rules, findings
    assert all("/site/pagefind/" in f.path for f in findings), findings
    reported = "\n".join(f.format() for f in findings).casefold()
    assert "ozymandias" not in reported and "quarrington" not in reported


def test_only_the_search_page_may_run_webassembly(built: tuple[Repo, Path]) -> None:
    repo, site = built
    search = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert WASM in search
    assert policy_findings(LexborHTMLParser(search), wasm=True) == []
    assert policy_findings(LexborHTMLParser(search)) == [
        f"the Content-Security-Policy's script-src allows {WASM}"
    ]
    others = [p for p in site.rglob("*.html") if p.parent.name != "search"]
    assert others
    assert [p for p in others if WASM in p.read_text(encoding="utf-8")] == []
    # The same policy on any other page is refused by the publication check.
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    page = site / "notes" / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(search, encoding="utf-8")
        rules = [(f.path, f.rule) for f in check_output(settings, site, csp=True)]
    finally:
        page.write_text(original, encoding="utf-8")
    # (The page's index entry no longer matches its text either.)
    assert [r for r in rules if r[0].endswith(".html")] == [
        ("site/notes/index.html", "published-csp")
    ]


def _search_fields(page: Path) -> list[tuple[str, str]]:
    """(accessible name, form action) of each search field of a built page."""
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    fields = []
    for node in tree.css('input[type="search"]'):
        label = tree.css_first(f'label[for="{node.attributes["id"]}"]')
        form = node.parent
        while form is not None and form.tag != "form":
            form = form.parent
        action = form.attributes.get("action") if form is not None else None
        fields.append((label.text() if label else "", action or ""))
    return fields


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_has_one_search_field_that_reaches_the_search_page(
    tmp_path: Path, directory_urls: bool
) -> None:
    repo = _repo(tmp_path / "records")
    site = build_site(repo.root, use_directory_urls=directory_urls)
    search_page = site / ("search/index.html" if directory_urls else "search.html")
    assert _search_fields(search_page) == [("Search", "./")]
    pages = [p for p in site.rglob("*.html") if p != search_page and p.name != "404.html"]
    assert len(pages) > 30
    for page in pages:
        [(name, action)] = _search_fields(page)
        assert name == "Search", page
        assert (page.parent / action).resolve() in (search_page, search_page.parent), page


def test_with_the_search_option_off_there_is_no_index_page_or_box(tmp_path: Path) -> None:
    yml = MKDOCS_YML.replace("  - review-records\n", "  - review-records:\n      search: false\n")
    repo = _repo(tmp_path / "records", yml)
    site = build_site(repo.root)
    assert not (site / "pagefind").exists()
    assert not (site / "search" / "index.html").exists()
    assert _search_fields(site / "reviews" / "child-test" / "index.html") == []
    assert "review-records-search.js" not in (site / "index.html").read_text(encoding="utf-8")


#: A word of the notes page that a hook takes out after the content was indexed.
TAKEN_OUT = "quiverwort"


def _with_hooks(root: Path, hooks: str) -> None:
    (root / "hooks.py").write_text(hooks, encoding="utf-8")
    yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(yml + "hooks:\n  - hooks.py\n", encoding="utf-8")


@pytest.mark.expected_warnings(
    r"^review-records: the built site is not safe to publish \(1 finding\(s\)\); ",
    r"^review_records: site/pagefind/fragment/[\w-]+\.pf_fragment:1:1: error: the search-index "
    r"entry for /notes/ holds words its page does not show \[published-search-index\]$",
)
def test_a_page_changed_after_it_was_indexed_fails_the_build(tmp_path: Path) -> None:
    """The index is made from the converted pages while the theme renders them: a page
    that changes after that (another plugin's doing) must not be searchable for what it
    no longer shows."""
    repo = _repo(tmp_path / "records")
    repo.write("docs/notes.md", f"# Our notes\n\nWritten by hand about {TAKEN_OUT}.\n")
    _with_hooks(
        repo.root,
        "def on_post_page(output, page, config):\n"
        f"    return output.replace(' about {TAKEN_OUT}', '')\n",
    )
    with pytest.raises(Abort):
        build_site(repo.root)
    site = repo.root / "site"
    assert TAKEN_OUT in fragments(site)["/notes/"]["content"]
    assert TAKEN_OUT not in (site / "notes" / "index.html").read_text(encoding="utf-8")
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    findings = [(f.rule, f.message) for f in check_output(settings, site)]
    assert findings == [
        (
            "published-search-index",
            "the search-index entry for /notes/ holds words its page does not show",
        )
    ]


def test_a_build_that_fails_stops_its_indexer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The indexer starts before the pages are rendered; if the build fails after that,
    nothing is written into the site afterwards and no scratch folder is left."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    repo = _repo(tmp_path / "records")
    _with_hooks(
        repo.root,
        "def on_env(env, config, files):\n    raise RuntimeError('a hook broke the build')\n",
    )
    with pytest.raises(RuntimeError, match="a hook broke the build"):
        build_site(repo.root)
    time.sleep(1.5)  # an indexer left running would have written its index by now
    assert not (repo.root / "site" / "pagefind").exists()
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(("flags", "indexed"), [(["--dirty", "--no-strict"], 1), ([], 2)])
def test_under_serve_the_index_is_made_once_or_every_build(
    repo: Repo, flags: list[str], indexed: int
) -> None:
    """``make serve`` (``--dirty``) indexes once and says so; plain serve indexes each build."""
    repo.add_review("child-test", qm01=ANSWER)
    server = Server(repo.root, flags)
    try:
        _wait_for(lambda: server.page("reviews/child-test/qm01/")[0] == 200, "the first build")
        status, entry = server.page("pagefind/pagefind-entry.json")
        assert status == 200
        notice = "Search lags behind edits while previewing" in server.page("search/")[1]
        assert notice == (indexed == 1)
        edited = ANSWER.replace("Discussed at the panel.", "Discussed at the zephyrine panel.")
        repo.add_review("child-test", qm01=edited)
        _wait_for(lambda: "zephyrine" in server.page("reviews/child-test/qm01/")[1], "the edit")
        _wait_for(
            lambda: server.log.read_text(encoding="utf-8").count("search: indexed") == indexed,
            "the index",
        )
        status, after = server.page("pagefind/pagefind-entry.json")
        assert status == 200
        assert (after == entry) == (indexed == 1)  # the new word changes the index's hash
    finally:
        server.stop()
    assert server.log.read_text(encoding="utf-8").count("search: indexed") == indexed
