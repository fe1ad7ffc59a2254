"""The heat map at scale: the home page shows the most recent reviews, the years show them all.

Limits are made small here (a real site needs more than 50 reviews to split);
the pages are those of a real strict MkDocs build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ANSWER, REVIEW, Repo, build_site
from review_records.pages import heatmaps

YEARS = {"2025": 5, "2024": 2}


def _reviews(repo: Repo) -> None:
    for year, count in YEARS.items():
        for n in range(count):
            index = REVIEW.replace("2025-01-10", f"{year}-0{n + 1}-10")
            repo.add_review(f"child-{year}-{n}", index=index, qm01=ANSWER)


def _rows(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    table = text[text.index('class="rr-heatmap"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<th scope="row"><a href="[^"]*/(child-[0-9-]+)/"', table)


def test_home_shows_the_newest_and_the_years_show_every_review_once(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(heatmaps, "HEATMAP_SHOWN", 3)
    monkeypatch.setattr(heatmaps, "HEATMAP_ROWS", 2)
    _reviews(repo)
    site = build_site(repo.root)

    home = (site / "index.html").read_text(encoding="utf-8")
    assert _rows(site / "index.html") == ["child-2025-4", "child-2025-3", "child-2025-2"]
    assert "The 3 most recently commissioned of 7 reviews are shown." in home
    # 2025 has five reviews: three pages of at most two rows; 2024 fits on one.
    pages = ["2025", "2025-2", "2025-3", "2024"]
    for name in pages:
        assert f'href="heatmap/{name}/"' in home
    everywhere = [row for name in pages for row in _rows(site / "heatmap" / name / "index.html")]
    assert sorted(everywhere) == sorted(
        f"child-{y}-{n}" for y, c in YEARS.items() for n in range(c)
    )
    part = (site / "heatmap" / "2025-2" / "index.html").read_text(encoding="utf-8")
    assert "Judgements by review and marker: 2025, part 2 of 3</h1>" in part
    # The guarantees of the home page's heat map hold on each year's: words, symbols, links.
    assert 'aria-label="Met">✓</a>' in part
    assert 'class="rr-legend"' in part


def test_a_small_site_shows_every_review_at_home(repo: Repo) -> None:
    _reviews(repo)
    site = build_site(repo.root)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert len(_rows(site / "index.html")) == 7
    assert "most recently commissioned" not in home
    assert 'href="heatmap/2025/"' in home and 'href="heatmap/2024/"' in home
