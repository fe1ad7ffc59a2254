"""Golden files: each generated page type, from the sample records, byte for byte.

The generators are pure functions from the model to HTML (the home page:
Markdown, then the dashboard's HTML), so a change in any page or template
shows up here as a readable diff. After an intended change, rewrite
the files with ``REVIEW_RECORDS_UPDATE_GOLDEN=1 make test`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import ROOT
from review_records.check.checker import Checker
from review_records.pages.generate import MARKDOWN_PAGES, generate_pages
from review_records.pages.sitemodel import SiteModel
from review_records.settings import settings_from_mkdocs_yml

GOLDEN = Path(__file__).parent / "golden"

#: Page type → the generated page that stands for it.
PAGE_TYPES = {
    "dashboard": "index.md",
    "reviews-index": "reviews/index.md",
    "review": "reviews/sample-child-kestrel/index.md",
    "answer": "reviews/sample-child-kestrel/qm05.md",
    "answer-partial-review": "reviews/sample-siblings-wren/qm09.md",
    "markers-index": "markers/index.md",
    "marker": "markers/qm05.md",
    "themes-index": "themes/index.md",
    "theme": "themes/domestic-abuse.md",
    "agencies-index": "agencies/index.md",
    "agency": "agencies/police.md",
    "actions": "actions/index.md",
    "heatmap": "heatmap/2024.md",
    "export": "data/reviews.json",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = Checker(settings_from_mkdocs_yml(ROOT / "mkdocs.yml")).run()
    assert result.problems == []
    site = SiteModel.build(
        result.collection, include_drafts=False, today=dt.date(2026, 1, 1), target_months=6
    )
    return generate_pages(site, home="# Home\n")


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_matches_its_golden_file(pages: dict[str, str], name: str) -> None:
    uri = PAGE_TYPES[name]
    suffix = ".json" if uri.endswith(".json") else ".md" if uri in MARKDOWN_PAGES else ".html"
    golden = GOLDEN / f"{name}{suffix}"
    actual = pages[PAGE_TYPES[name]]
    if os.environ.get("REVIEW_RECORDS_UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.is_file(), (
        f"no golden file {golden.name}: run with REVIEW_RECORDS_UPDATE_GOLDEN=1"
    )
    assert actual == golden.read_text(encoding="utf-8")


def test_every_generated_page_is_of_a_tested_type(pages: dict[str, str]) -> None:
    """A new kind of page must come with a golden file."""
    kinds = {
        "index.md", "reviews/index.md", "markers/index.md", "themes/index.md",
        "agencies/index.md", "actions/index.md", "data/reviews.json",
    }  # fmt: skip
    for uri in pages:
        parts = uri.split("/")
        if uri in kinds:
            continue
        assert (parts[0] == "reviews" and len(parts) == 3) or (
            parts[0] in ("markers", "themes", "agencies", "heatmap") and len(parts) == 2
        ), uri
