"""Records written by an outsider, from DESIGN.md alone, pass the checker and build a whole site.

The three fictional reviews under ``tests/fixtures/outsider/reviews/`` were written
from DESIGN.md (sections 2, 3 and 5), the marker list and ``schema/vocabulary.yml``
before their author read the code, the tests or the sample reviews. They are
checked by the real CLI and built by real MkDocs in strict mode, with this
project's own catalogue, schemas, docs, theme overrides and ``mkdocs.yml``.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from conftest import ROOT, build_site
from review_records.check.checker import Checker
from review_records.settings import settings_from_mkdocs_yml
from support.command import run_review_records
from support.links import broken_links, parse_links
from support.searchindex import fragments

FIXTURE = ROOT / "tests" / "fixtures" / "outsider" / "reviews"
VISIBLE = ("child-alder", "child-birch")
DRAFT = "child-rowan"
# Everything that would show the draft, or a private value, if it leaked.
NEVER_IN_THE_SITE = (
    b"child-rowan",
    b"Child Rowan",
    b"Rowan",
    b"ZQ-DRAFT-ROWAN",
    b"ZQ-PRIVATE-ALDER",
    b"ZQ-PRIVATE-BIRCH",
    b"family surname",
)

JUDGEMENTS = {
    "child-alder": {
        "qm01": "met",
        "qm02": "partly-met",
        "qm03": "met",
        "qm04": "met",
        "qm05": "met",
        "qm06": "partly-met",
        "qm07": "met",
        "qm08": "not-met",
        "qm09": "not-applicable",
        "qm10": "partly-met",
        "qm11": "met",
        "qm12": "met",
        "qm13": "partly-met",
        "qm14": "met",
        "qm15": "met",
        "qm16": "partly-met",
        "qm17": "met",
        "qm18": "not-met",
    },
    "child-birch": {
        "qm01": "partly-met",
        "qm04": "met",
        "qm12": "not-assessed",
        "qm13": "not-assessed",
    },
}
THEMES = {
    "child-alder": [
        "neglect",
        "voice-of-the-child",
        "information-sharing",
        "professional-curiosity",
    ],
    "child-birch": ["domestic-abuse", "invisible-men", "voice-of-the-child"],
}
AGENCIES = {
    "child-alder": ["childrens-social-care", "health-visiting", "gp", "school", "police"],
    "child-birch": ["police", "midwifery", "domestic-abuse-services"],
}

# Page (source of the link) → pages its wiki-links and relative links lead to,
# as site paths. Each target is one the generated page would not link by itself.
LINKED_FROM_BODIES_AND_NOTES = {
    "reviews/child-alder/index.html": [
        "markers/qm12/index.html",  # [[qm12]]
        "reviews/child-birch/qm04/index.html",  # [[child-birch#qm04]]
    ],
    "reviews/child-alder/qm01/index.html": ["reviews/child-birch/qm01/index.html"],
    "reviews/child-alder/qm02/index.html": ["markers/qm10/index.html"],  # note, in the BOM file
    "reviews/child-alder/qm04/index.html": ["reviews/child-birch/qm04/index.html"],  # note
    "reviews/child-alder/qm12/index.html": ["markers/qm13/index.html"],  # note
    "reviews/child-alder/qm16/index.html": ["reviews/child-alder/qm18/index.html"],  # note
    "reviews/child-birch/index.html": [  # the CRLF file
        "reviews/child-alder/qm12/index.html",
        "markers/qm04/index.html",
    ],
    "reviews/child-birch/qm01/index.html": ["reviews/child-alder/qm01/index.html"],
}


def _copy_records(root: Path) -> Path:
    """A copy of this project's catalogue, schemas, docs and config, with the outsider reviews."""
    root.mkdir(parents=True)
    for folder in ("markers", "schema", "docs", "overrides"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(FIXTURE, root / "reviews")
    return root


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _strict_build(root: Path) -> tuple[Path, list[str]]:
    """Build with real MkDocs in strict mode; return the site and every warning logged."""
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = build_site(root)
    finally:
        logger.removeHandler(handler)
    return site, handler.messages


def _targets(site: Path, page: str) -> set[str]:
    """Site paths of the pages that ``page`` links to."""
    found = set()
    for url in parse_links(site / page).links:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = ((site / page).parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target /= "index.html"
        found.add(target.relative_to(site.resolve()).as_posix())
    return found


def _answer_numbers(review: str) -> list[int]:
    """Marker numbers answered, from the file names (``qmNN.md`` or ``qmNN-any-words.md``)."""
    names = (path.name for path in (FIXTURE / review).glob("qm*.md"))
    return sorted(int(re.match(r"qm(\d\d)", name).group(1)) for name in names)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outsider's records exactly as written, in a copy of this project."""
    return _copy_records(tmp_path_factory.mktemp("outsider") / "records")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The site built strictly from the records exactly as written."""
    root = _copy_records(tmp_path_factory.mktemp("outsider-built") / "records")
    site, warnings = _strict_build(root)
    assert warnings == []
    yield site


def test_the_fixture_keeps_its_crlf_bom_draft_and_18_answers() -> None:
    """What the other tests rely on, so that no editor or git setting quietly removes it."""
    crlf = (FIXTURE / "child-birch" / "index.md").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 20
    assert (FIXTURE / "child-alder" / "qm02.md").read_bytes().startswith(b"\xef\xbb\xbf---")
    assert b"\nstatus: draft\n" in (FIXTURE / DRAFT / "index.md").read_bytes()
    assert _answer_numbers("child-alder") == list(range(1, 19))
    assert (FIXTURE / "child-alder" / "qm07-governance.md").is_file()


def test_the_check_command_reports_no_problems(records: Path) -> None:
    result = run_review_records(records, "check", "--strict")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith(": no problems\n")
    result = run_review_records(records, "check", "--strict", "--format", "json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_the_checker_reads_every_record_as_written(records: Path) -> None:
    """'No problems' means little unless every file was read, and read with YAML 1.2 meaning."""
    result = Checker(settings_from_mkdocs_yml(records / "mkdocs.yml")).run()
    assert result.problems == []
    reviews = result.collection.reviews
    assert sorted(reviews) == [*VISIBLE, DRAFT]
    for review_id in VISIBLE:
        judgements = {a.code: a.judgement for a in reviews[review_id].answers.values()}
        assert judgements == JUDGEMENTS[review_id]
    assert sorted(reviews[DRAFT].answers) == [1, 5]
    alder, birch = reviews["child-alder"], reviews["child-birch"]
    assert (alder.status, alder.completed_on, alder.published_on) == (
        "published",
        "2024-01-15",
        "2024-03-20",
    )
    assert birch.title == "Child Birch (fictional)"  # the CRLF file
    assert birch.findings[0].detail == (
        "Agencies recorded a (fictional) new partner but nobody\nasked who he was."
    )
    bom = alder.answers[2]
    assert bom.questions["q1"].answer == "partly"
    assert bom.questions["q1"].note == "Health data arrived late; see [[qm10]]."
    assert bom.questions["q2"].answer == "yes"
    # Bare yes/no stay words (YAML 1.2), never booleans.
    assert alder.answers[1].questions["q1"].answer == "yes"
    assert alder.answers[8].questions["q2"].answer == "no"
    assert [a.status for a in alder.answers[8].actions] == ["done", "open"]


def test_a_link_to_a_records_own_file_name_leads_to_its_page(built: Path) -> None:
    """DESIGN.md allows qmNN-any-words.md and ordinary links: the link follows the page."""
    alder = (built / "reviews" / "child-alder" / "index.html").read_text(encoding="utf-8")
    assert 'href="qm07/">governance</a>' in alder
    assert (built / "reviews" / "child-alder" / "qm07" / "index.html").is_file()


def test_every_page_of_the_site_map_is_there(built: Path) -> None:
    expected = ["index.html", "reviews/index.html", "markers/index.html", "actions/index.html"]
    expected += ["themes/index.html", "agencies/index.html", "data/reviews.json"]
    expected += [f"markers/qm{n:02d}/index.html" for n in range(1, 19)]
    for review in VISIBLE:
        expected.append(f"reviews/{review}/index.html")
        expected += [f"reviews/{review}/qm{n:02d}/index.html" for n in _answer_numbers(review)]
        expected += [f"themes/{slug}/index.html" for slug in THEMES[review]]
        expected += [f"agencies/{slug}/index.html" for slug in AGENCIES[review]]
    assert len(expected) == 7 + 18 + (1 + 18 + 4 + 5) + (1 + 4 + 3 + 3)
    assert [path for path in expected if not (built / path).is_file()] == []


def test_every_link_and_anchor_resolves(built: Path) -> None:
    assert broken_links(built) == []


def test_wiki_links_in_bodies_and_notes_become_links(built: Path) -> None:
    for page, targets in LINKED_FROM_BODIES_AND_NOTES.items():
        assert set(targets) <= _targets(built, page), page
    # The guide explains the [[...]] syntax in words; every page built from records is checked.
    pages = [p for p in built.rglob("*.html") if p.relative_to(built).parts[0] != "guide"]
    assert [str(p.relative_to(built)) for p in pages if "[[" in p.read_text("utf-8")] == []
    entries = {u: f for u, f in fragments(built).items() if not u.startswith("/guide/")}
    assert entries
    assert [url for url, fragment in entries.items() if "[[" in fragment["content"]] == []


def test_the_review_and_answer_pages_show_what_was_written(built: Path) -> None:
    alder = (built / "reviews" / "child-alder" / "index.html").read_text(encoding="utf-8")
    assert "Signs of neglect were seen but not joined up" in alder
    assert "Quillfield Safeguarding Children Partnership (fictional)" in alder
    birch = (built / "reviews" / "child-birch" / "index.html").read_text(encoding="utf-8")
    assert "A <strong>fictional</strong> rapid review, still in progress." in birch
    bom = (built / "reviews" / "child-alder" / "qm02" / "index.html").read_text(encoding="utf-8")
    assert "Health data arrived late" in bom
    assert "Rapid review minutes (fictional)" in bom
    actions = (built / "actions" / "index.html").read_text(encoding="utf-8")
    for action in (
        "Add a proportionality section to the scoping template",
        "Agree a standing administrative support arrangement for reviews",
        "Send the family letter in the family",
    ):
        assert action in actions


def test_the_draft_and_private_values_appear_nowhere(built: Path) -> None:
    leaks = []
    for path in built.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        leaks += [
            f"{path.relative_to(built)}: {n.decode()}" for n in NEVER_IN_THE_SITE if n in data
        ]
    assert leaks == []
    reviews_page = (built / "reviews" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<tr data-status=", reviews_page)) == len(VISIBLE)


def test_the_export_matches_the_records(built: Path) -> None:
    data = json.loads((built / "data" / "reviews.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    reviews = {review["id"]: review for review in data["reviews"]}
    assert sorted(reviews) == list(VISIBLE)
    assert {rid: r["status"] for rid, r in reviews.items()} == {
        "child-alder": "published",
        "child-birch": "in-progress",
    }
    for review_id in VISIBLE:
        expected = {f"qm{n:02d}": JUDGEMENTS[review_id].get(f"qm{n:02d}") for n in range(1, 19)}
        assert reviews[review_id]["judgements"] == expected
        assert sorted(reviews[review_id]["themes"]) == sorted(THEMES[review_id])
        assert sorted(reviews[review_id]["agencies"]) == sorted(AGENCIES[review_id])
    assert reviews["child-alder"]["related"] == ["child-birch"]
    assert reviews["child-birch"]["completed_on"] is None
