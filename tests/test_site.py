"""The learning site as built: every page of the site map, links, export, search, determinism."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
from pathlib import Path

import cbor2
import jsonschema
import pytest

from conftest import ANSWER, REVIEW, ROOT, Repo
from conftest import build_site as _build
from support.command import run_review_records
from support.links import broken_links
from support.searchindex import fragments

SAMPLES = ("sample-child-kestrel", "sample-child-heron", "sample-siblings-wren")


@pytest.mark.parametrize(
    ("theme", "directory_urls"),
    [("material", True), ("material", False), ("mkdocs", True), ("mkdocs", False)],
)
def test_every_link_and_anchor_resolves(
    sample_repo: Path, mkdocs_warnings: list[str], theme: str, directory_urls: bool
) -> None:
    """Links written as Markdown (MkDocs checks them) and as raw HTML (we must) all work."""
    overrides: dict[str, object] = {"use_directory_urls": directory_urls}
    if theme == "mkdocs":
        overrides["theme"] = {"name": "mkdocs", "highlightjs": False}
    site = _build(sample_repo, **overrides)
    assert mkdocs_warnings == []
    assert broken_links(site) == []


def test_the_link_checker_finds_a_broken_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="b/">missing</a><a href="a/#nowhere">anchor</a>'
        '<a href="https://example.invalid/">a link out is fine</a>'
        '<script src="https://example.invalid/x.js"></script>',
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text('<h1 id="top">A</h1>', encoding="utf-8")
    assert broken_links(site) == [
        "index.html: #nowhere in a/#nowhere",
        "index.html: b/",
        "index.html: fetches https://example.invalid/x.js",
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once for the read-only tests below."""
    root = tmp_path_factory.mktemp("built")
    for folder in ("docs", "reviews", "markers", "schema", "overrides"):
        subprocess.run(["cp", "-r", str(ROOT / folder), str(root / folder)], check=True)
    (root / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    return _build(root)


def test_every_page_of_the_site_map_is_there(built: Path) -> None:
    expected = ["index.html", "reviews/index.html", "markers/index.html", "actions/index.html"]
    expected += ["themes/index.html", "agencies/index.html", "data/reviews.json"]
    for review in SAMPLES:
        expected.append(f"reviews/{review}/index.html")
    expected += [f"reviews/sample-child-kestrel/qm{n:02d}/index.html" for n in range(1, 19)]
    expected += [f"markers/qm{n:02d}/index.html" for n in range(1, 19)]
    expected += ["themes/neglect/index.html", "agencies/police/index.html"]
    assert [path for path in expected if not (built / path).is_file()] == []


def test_heat_map_is_one_table_with_a_named_link_in_each_answered_cell(built: Path) -> None:
    page = (built / "index.html").read_text(encoding="utf-8")
    start = page.index('<table class="rr-heatmap">')
    heat_map = page[start : page.index("</table>", start)]
    rows = heat_map.split("<tr>")[3:]  # after the stage and marker heading rows
    heads = [
        re.search(r'<th scope="row"><a href="([^"]+)" title="([^"]+)">([^<]+)<', row)
        for row in rows
    ]
    assert [head[1] for head in heads] == [
        "reviews/sample-siblings-wren/",
        "reviews/sample-child-kestrel/",
        "reviews/sample-child-heron/",
    ]
    assert [head[2] for head in heads] == [head[3] for head in heads]  # cut short on screen
    cells = re.findall(
        r'<td class="rr-j-([a-z-]+)"><a href="([^"]+)" title="([^"]+)" aria-label="([^"]+)">',
        heat_map,
    )
    # Kestrel and Heron answer all 18 markers; Wren answers 1-9 (10-18 have no file yet).
    assert len(cells) == 18 + 18 + 9
    assert (
        "met",
        "reviews/sample-child-kestrel/qm05/",
        "Marker 5, Clarity of purpose",
        "Met",
    ) in cells
    assert ("not-met", "Not met") in {(slug, name) for slug, _, _, name in cells}
    no_file = r'<td class="rr-j-missing">.*?<span class="rr-sr">([^<]+)</span>'
    missing = re.findall(no_file, heat_map)
    assert missing == ["No answer yet"] * 9
    headers = re.findall(r'<th scope="col"><a href="([^"]+)" title="[^"]+">(\d\d)</a>', heat_map)
    assert headers[4] == ("markers/qm05/", "05")
    assert len(headers) == 18
    assert "sample-infant-plover" not in page  # the draft
    # The matrix is on the page once: no second table repeats it.
    assert page.count("reviews/sample-child-kestrel/qm05/") == 1


def test_reviews_table_carries_what_the_filters_need(built: Path) -> None:
    page = (built / "reviews" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr (data-status=[^>]*)>", page)
    assert len(rows) == 3
    kestrel = next(row for row in rows if "sample-child-kestrel" in page.split(row)[1][:200])
    assert 'data-status="published"' in kestrel
    assert 'data-year="2024"' in kestrel
    assert "domestic-abuse" in kestrel
    assert "assets/review-records/review-records.js" in page


def test_export_is_valid_and_matches_the_records(built: Path) -> None:
    data = json.loads((built / "data" / "reviews.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    assert [review["id"] for review in data["reviews"]] == sorted(SAMPLES)
    wren = next(review for review in data["reviews"] if review["id"] == "sample-siblings-wren")
    assert wren["judgements"]["qm10"] is None
    assert wren["status"] == "in-progress"
    assert len(data["markers"]) == 18


def test_search_finds_front_matter_values(built: Path) -> None:
    text = {url: fragment["content"] for url, fragment in fragments(built).items()}
    kestrel = " ".join(v for k, v in text.items() if k.startswith("/reviews/sample-child-kestrel/"))
    for value in ("Domestic abuse", "Sampleshire Safeguarding Children Partnership", "Police"):
        assert value in kestrel
    answer = text["/reviews/sample-child-kestrel/qm05/"]
    assert "Judgement: ✓ Met" in answer


def _unordered_index(site: Path) -> set[str]:
    """Pagefind's filter index, read as sets: which pages carry each filter value."""
    found = set()
    for path in (site / "pagefind" / "filter").glob("*.pf_filter"):
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found |= {f"{name}={value}:{sorted(pages)}" for value, pages in values}
    return found


def test_two_builds_are_identical(sample_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same records, same build date: the same bytes, file by file.

    Except for Pagefind's filter index, which lists a filter's values in no fixed
    order (Pagefind/pagefind#638: its fragments are stable since 1.3, its filter and
    metadata files not yet), so their names and the files naming them differ too;
    their contents are compared as sets instead.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = _build(sample_repo, "site-one")
    second = _build(sample_repo, "site-two")

    def stable(site: Path) -> list[Path]:
        found = [p.relative_to(site) for p in site.rglob("*") if p.is_file()]
        return sorted(f for f in found if not _UNORDERED.fullmatch(f.as_posix()))

    files = stable(first)
    assert files == stable(second)
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
    assert _unordered_index(first) == _unordered_index(second)
    assert len(_unordered_index(first)) > 20


#: Pagefind's files whose bytes change from build to build (see above).
_UNORDERED = re.compile(
    r"pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)"
)


def test_export_command_matches_the_site(sample_repo: Path) -> None:
    site = _build(sample_repo)
    result = run_review_records(sample_repo, "export")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (site / "data" / "reviews.json").read_text(encoding="utf-8")


def test_export_csv_has_a_row_per_review_and_a_column_per_marker(sample_repo: Path) -> None:
    result = run_review_records(sample_repo, "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"] for row in rows] == sorted(SAMPLES)
    header = list(rows[0])
    markers = header.index("qm01")
    assert header[markers : markers + 18] == [f"qm{n:02d}" for n in range(1, 19)]
    assert all(name.startswith("clock:") for name in header[markers + 18 :])  # then the clocks
    assert "clock:notification" in header
    kestrel = next(row for row in rows if row["id"] == "sample-child-kestrel")
    assert kestrel["qm05"] == "met"
    assert "domestic-abuse" in kestrel["themes"].split(";")


def test_export_leaves_drafts_out_unless_asked(sample_repo: Path) -> None:
    assert "sample-infant-plover" not in run_review_records(sample_repo, "export").stdout
    assert (
        "sample-infant-plover"
        in run_review_records(sample_repo, "export", "--include-drafts").stdout
    )


def test_export_refuses_broken_records_and_writing_into_them(repo: Repo) -> None:
    repo.add_review("child-test", qm01=ANSWER.replace("judgement: met", "judgement: mett"))
    result = run_review_records(repo.root, "export", "-o", "out.json")
    assert result.returncode == 1
    assert "reviews/child-test/qm01.md:2:12: error:" in result.stderr
    assert not (repo.root / "out.json").exists()
    repo.add_review("child-test", qm01=ANSWER)
    inside = run_review_records(repo.root, "export", "-o", "reviews/child-test/export.json")
    assert inside.returncode == 2
    assert "inside reviews/" in inside.stderr
    assert not (repo.root / "reviews" / "child-test" / "export.json").exists()
    written = run_review_records(repo.root, "export", "--format", "csv", "-o", "out.csv")
    assert written.returncode == 0, written.stderr
    assert (repo.root / "out.csv").read_text(encoding="utf-8").startswith("id,title,status,")


def test_csv_cells_cannot_become_spreadsheet_formulas(repo: Repo) -> None:
    repo.add_review("child-test", REVIEW.replace("Child Test (fictional)", "'=1+1 (fictional)'"))
    result = run_review_records(repo.root, "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "'=1+1 (fictional)" in result.stdout


def test_answer_pages_list_a_bounded_number_of_other_reviews(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    """18 x R answer pages each listing R reviews would make the site quadratic."""
    for n in range(13):
        review = REVIEW.replace("Child Test", f"Child {n:02d}").replace(
            "2025-01-10", f"2024-{n % 12 + 1:02d}-10"
        )
        if n == 0:  # the oldest review is related to the newest: it must still be listed
            review = review.replace("themes:", "related: [child-12]\nthemes:")
        repo.add_review(f"child-{n:02d}", review, qm01=ANSWER)
    site = _build(repo.root)
    assert mkdocs_warnings == []
    assert broken_links(site) == []
    page = (site / "reviews" / "child-12" / "qm01" / "index.html").read_text(encoding="utf-8")
    start = page.index('id="marker-01-in-other-reviews"')
    section = page[start : page.index("</p>", page.index("</table>", start))]
    assert section.count("<tr>") == 1 + 10  # header + the first ten
    assert 'href="../../child-00/qm01/"' in section  # related, though oldest
    assert "Showing 10 of 12 other reviews" in section
    assert 'href="../../../markers/qm01/#judgements-across-reviews">all 13 reviews</a>' in section


def test_the_dashboard_lists_the_longest_overdue_actions_and_links_to_all(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    """The home page is rendered after every judgement edit: it must not grow with R."""
    # 18 answers in each of two reviews, each with one action due on 1 to 18 January 2024.
    answers = {
        f"qm{n:02d}": ANSWER.replace("due: 2030-01-31", f"due: 2024-01-{n:02d}")
        for n in range(1, 19)
    }
    for review in ("child-a", "child-b"):
        title = REVIEW.replace("Child Test", f"Child {review[-1].upper()}")
        repo.add_review(review, title, **answers)
    site = _build(repo.root)
    assert mkdocs_warnings == []
    assert broken_links(site) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    start = home.index('id="overdue-actions"')
    section = home[start : home.index("</p>", home.index("</table>", start))]
    assert section.count("<tr>") == 1 + 20  # header + the twenty longest overdue
    assert section.count("2024-01-10") == 2 and "2024-01-11" not in section
    assert 'The 20 longest overdue are shown; see <a href="actions/#overdue">all 36</a>' in section
    actions = (site / "actions" / "index.html").read_text(encoding="utf-8")
    assert actions.count("2024-01-18") == 2  # every overdue action is on the actions page


def test_headings_in_record_text_get_ids_and_join_the_table_of_contents(built: Path) -> None:
    """Record text is rendered apart from MkDocs, but its headings stay page headings."""
    page = (built / "reviews" / "sample-child-kestrel" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="summary">Summary</h2>' in page
    assert 'href="#summary"' in page  # the table of contents
    answer = (built / "reviews" / "sample-child-kestrel" / "qm05" / "index.html").read_text("utf-8")
    assert '<h2 id="notes">Notes</h2>' in answer
