"""Under ``mkdocs serve``, pages kept from the last build are the pages a fresh build makes.

Each test copies the fictional samples, builds them once with the checker and
memos kept as the plugin keeps them under serve, edits real files, builds again
and compares every page with a fresh build by a new checker. A kept page is the
very string the last build made, so the tests also see exactly which pages were
kept: an answer-only edit must keep most of them, any other edit none.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from review_records.check.checker import Checker
from review_records.model.sitepaths import answer_uri
from review_records.pages.generate import EXPORT_URI, generate_pages
from review_records.pages.incremental import PageMemo
from review_records.pages.richtext import BlockMemo
from review_records.pages.sitemodel import SiteModel
from review_records.settings import settings_from_mkdocs_yml
from support.hypothesis_settings import SCALE

TODAY = dt.date(2026, 1, 1)
HOME = "# Home\n"
HERON = "sample-child-heron"
KESTREL = "sample-child-kestrel"
WREN = "sample-siblings-wren"


def _copy_samples(target: Path) -> Path:
    for folder in ("docs", "reviews", "markers", "schema"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


class Serving:
    """One checker and both memos, kept from build to build as the plugin keeps them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checker = Checker(settings_from_mkdocs_yml(root / "mkdocs.yml"), workers=1)
        self.blocks = BlockMemo()
        self.memo = PageMemo()
        self._saves = 0

    def build(self) -> dict[str, str]:
        """A rebuild, as under ``mkdocs serve``."""
        result = self.checker.run()
        assert result.errors == 0, [p.format() for p in result.problems]
        self.blocks.next_build()
        site = SiteModel.build(
            result.collection,
            include_drafts=False,
            today=TODAY,
            target_months=6,
            memo=self.blocks,
        )
        return generate_pages(site, home=HOME, memo=self.memo)

    def fresh(self) -> dict[str, str]:
        """The pages a new checker and no memo make of the files as they are now."""
        result = Checker(settings_from_mkdocs_yml(self.root / "mkdocs.yml"), workers=1).run()
        site = SiteModel.build(
            result.collection, include_drafts=False, today=TODAY, target_months=6
        )
        return generate_pages(site, home=HOME)

    def save(self, relpath: str, change: Callable[[str], str]) -> None:
        """Rewrite one file, with a later modification time as any real save has."""
        path = self.root / relpath
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, f"the edit changed nothing in {relpath}"
        path.write_text(after, encoding="utf-8", newline="\n")
        self._saves += 1
        stamp = path.stat().st_mtime_ns + self._saves * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))


def _kept(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {uri for uri, text in after.items() if before.get(uri) is text}


def _answer_pages(pages: dict[str, str]) -> set[str]:
    return {uri for uri in pages if uri.startswith("reviews/") and not uri.endswith("index.md")}


def _replace(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


#: Edits that change how an answer shows on other pages (judgement, actions, links).
SHOWN_ELSEWHERE = {
    "judgement": (f"reviews/{HERON}/qm05.md", _replace("judgement: met", "judgement: not-met")),
    "wiki-links in the body": (
        f"reviews/{HERON}/qm05.md",
        lambda text: text + f"\nSee [[{KESTREL}#qm05]], [[{WREN}]] and [[qm01]].\n",
    ),
    "an action added": (
        f"reviews/{HERON}/qm05.md",
        _replace(
            "assessed_on:",
            "actions:\n  - action: Brief the schools (fictional)\n    owner: Lead reviewer\n"
            "    due: 2030-01-31\n    status: open\nassessed_on:",
        ),
    ),
}

#: Edits that change only what an answer's own page shows.
SHOWN_ON_ITS_PAGE = {
    "the body": (f"reviews/{HERON}/qm05.md", _replace("took a full\npart.", "took part.")),
    "a question's note": (
        f"reviews/{HERON}/qm05.md",
        _replace("school leaders were worried", "school leaders were concerned"),
    ),
    "the evidence": (
        f"reviews/{HERON}/qm05.md",
        _replace('"First review panel minutes"', '"Second review panel minutes"'),
    ),
    "a link to its own marker": (
        f"reviews/{HERON}/qm05.md",
        lambda text: text + "\nSee [[qm01]] and [the marker](qm05.md).\n",
    ),
    "a draft's answer": ("reviews/sample-infant-plover/qm01.md", lambda text: text + "\nMore.\n"),
}

#: Edits after which no page may be kept.
OTHER_EDITS = {
    "a review's title": (
        f"reviews/{KESTREL}/index.md",
        _replace("Child Kestrel (fictional sample)", "Child Kestrel, renamed (fictional)"),
    ),
    "a review made a draft": (
        f"reviews/{WREN}/index.md",
        _replace("status: in-progress", "status: draft"),
    ),
    "a draft published": (
        "reviews/sample-infant-plover/index.md",
        _replace("status: draft", "status: in-progress"),
    ),
    "a marker's title": (
        "markers/qm05-clarity-of-purpose.md",
        _replace("title: Clarity of purpose", "title: Clarity of purpose, renamed"),
    ),
    "a theme's title": (
        "schema/vocabulary.yml",
        _replace("adolescents-at-risk: Adolescents at risk", "adolescents-at-risk: Teenagers"),
    ),
}


def _rebuilt(
    tmp_path: Path, relpath: str, change: Callable[[str], str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Pages before and after one saved edit, checked against a fresh build."""
    serving = Serving(_copy_samples(tmp_path))
    before = serving.build()
    serving.save(relpath, change)
    after = serving.build()
    assert after == serving.fresh()
    return before, after


def _answer_of(relpath: str) -> tuple[str, int]:
    review, _, file = relpath.removeprefix("reviews/").partition("/")
    return review, int(file.removeprefix("qm").removesuffix(".md"))


@pytest.mark.parametrize("name", sorted(SHOWN_ELSEWHERE))
def test_an_answer_edit_keeps_the_pages_it_cannot_reach(name: str, tmp_path: Path) -> None:
    relpath, change = SHOWN_ELSEWHERE[name]
    before, after = _rebuilt(tmp_path, relpath, change)
    review, number = _answer_of(relpath)
    reachable = {
        uri
        for uri in _answer_pages(after)
        if uri.startswith(f"reviews/{review}/") or uri.endswith(f"/qm{number:02d}.md")
    }
    assert _kept(before, after) == _answer_pages(after) - reachable


@pytest.mark.parametrize("name", sorted(SHOWN_ON_ITS_PAGE))
def test_an_edit_only_its_page_shows_keeps_every_other_page(name: str, tmp_path: Path) -> None:
    relpath, change = SHOWN_ON_ITS_PAGE[name]
    before, after = _rebuilt(tmp_path, relpath, change)
    own = answer_uri(*_answer_of(relpath))
    # The home page and the export are always made again (problems; every answer's text).
    assert _kept(before, after) == set(after) - {own, "index.md", EXPORT_URI}
    assert (own in after) == ("plover" not in relpath)  # a draft's page is not published


@pytest.mark.parametrize("name", sorted(OTHER_EDITS))
def test_any_other_edit_regenerates_every_page(name: str, tmp_path: Path) -> None:
    before, after = _rebuilt(tmp_path, *OTHER_EDITS[name])
    assert _kept(before, after) == set()


def test_an_answer_removed_or_added_regenerates_every_page(tmp_path: Path) -> None:
    serving = Serving(_copy_samples(tmp_path))
    before = serving.build()
    removed = serving.root / f"reviews/{WREN}/qm09.md"
    text = removed.read_text(encoding="utf-8")
    removed.unlink()
    after = serving.build()
    assert after == serving.fresh()
    assert answer_uri(WREN, 9) not in after
    assert _kept(before, after) == set()

    (serving.root / f"reviews/{WREN}/qm10.md").write_text(text, encoding="utf-8")
    again = serving.build()
    assert again == serving.fresh()
    assert answer_uri(WREN, 10) in again
    assert _kept(after, again) == set()


def test_an_unchanged_rebuild_keeps_every_page_it_may(tmp_path: Path) -> None:
    serving = Serving(_copy_samples(tmp_path))
    before = serving.build()
    after = serving.build()
    assert after == before
    assert _kept(before, after) == set(after) - {"index.md", EXPORT_URI}


_ANSWER_FILES = [
    f"reviews/{review}/qm{number:02d}.md"
    for review, count in ((HERON, 18), (KESTREL, 18), (WREN, 9))
    for number in range(1, count + 1)
]
#: A finished review may not leave a marker "not-assessed".
_JUDGEMENTS = ["met", "partly-met", "not-met", "not-applicable"]
_LINKS = ["", f"[[{KESTREL}]]", f"[[{HERON}#qm02]]", "[[qm07]]", f"[[{WREN}#qm09|the Wrens]]"]


def _judged(judgement: str, extra: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        head, _, rest = text.partition("judgement: ")
        _, _, tail = rest.partition("\n")
        return f"{head}judgement: {judgement}\n{tail}\nEdited (fictional). {extra}\n"

    return change


@settings(max_examples=10 * SCALE, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_ANSWER_FILES), st.sampled_from(_JUDGEMENTS), st.sampled_from(_LINKS)
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_series_of_answer_edits_matches_a_fresh_build(
    edits: list[tuple[str, str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        serving = Serving(_copy_samples(Path(folder)))
        serving.build()
        for relpath, judgement, extra in edits:
            serving.save(relpath, _judged(judgement, extra))
            assert serving.build() == serving.fresh()
