"""Long lists at scale: the actions, the reviews and a theme's findings continue on pages.

At 1,000 reviews the actions page was 3.8 MB, the reviews list 647 KB and a theme
page 586 KB (#15: no page over 500 KB). Limits are made small here; the pages
are those of a real strict MkDocs build, and every item must be on exactly one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ANSWER, REVIEW, Repo, build_site
from review_records.pages import action_pages, listings, term_pages

ACTIONS = 7


def _answer(count: int) -> str:
    actions = "".join(
        f"  - action: Action {n} (fictional)\n    owner: Owner {n}\n"
        f"    due: 2020-01-{n + 1:02d}\n    status: open\n"
        for n in range(count)
    )
    start, end = ANSWER.index("actions:\n") + len("actions:\n"), ANSWER.index("assessed_on")
    return ANSWER[:start] + actions + ANSWER[end:]


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _action_texts(html: str) -> list[str]:
    return re.findall(r"<td>(Action \d+ \(fictional\))</td>", html)


def test_long_action_lists_continue_on_pages_of_their_own(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(action_pages, "ACTION_ROWS", 3)
    monkeypatch.setattr(action_pages, "ACTIONS_INLINE", 2)
    repo.add_review("child-a", index=REVIEW, qm01=_answer(ACTIONS))
    site = build_site(repo.root)

    hub = _page(site, "actions")
    overdue = hub[hub.index('<h2 id="overdue">') : hub.index("<h2", hub.index('id="overdue"') + 1)]
    assert "7 actions: too many for this page" in overdue
    assert _action_texts(overdue) == []
    for name in ("overdue", "overdue-2", "overdue-3"):
        assert f'href="{name}/"' in overdue
    rows = [
        t
        for n in ("overdue", "overdue-2", "overdue-3")
        for t in _action_texts(_page(site, f"actions/{n}"))
    ]
    assert sorted(rows) == sorted(f"Action {n} (fictional)" for n in range(ACTIONS))
    part = _page(site, "actions/overdue-2")
    assert "Actions: overdue, part 2 of 3</h1>" in part
    assert "Actions 4 to 6 of 7" in part
    assert 'href="../#overdue"' in part  # back to the list's heading on the actions page
    assert 'href="../../reviews/child-a/qm01/"' in part  # each row links to its answer


def test_a_small_action_plan_stays_on_one_page(repo: Repo) -> None:
    repo.add_review("child-a", index=REVIEW, qm01=_answer(ACTIONS))
    site = build_site(repo.root)
    assert len(_action_texts(_page(site, "actions"))) == ACTIONS
    assert not (site / "actions" / "overdue").exists()


def test_a_big_site_lists_the_newest_reviews_and_every_review_by_year(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listings, "REVIEWS_ROWS", 2)
    monkeypatch.setattr(listings, "REVIEWS_SHOWN", 2)
    years = {"2025": 3, "2024": 1}
    for year, count in years.items():
        for n in range(count):
            index = REVIEW.replace("2025-01-10", f"{year}-0{n + 1}-10")
            repo.add_review(f"child-{year}-{n}", index=index, qm01=ANSWER)
    site = build_site(repo.root)

    def listed(html: str) -> list[str]:
        return re.findall(r'<th scope="row"><a href="[^"]*(child-[0-9-]+)/"', html)

    index = _page(site, "reviews")
    assert listed(index) == ["child-2025-2", "child-2025-1"]
    assert "The 2 most recently commissioned of 4 published reviews are listed here." in index
    pages = ["2025", "2025-2", "2024"]
    everywhere = [r for p in pages for r in listed(_page(site, f"reviews-by-year/{p}"))]
    assert sorted(everywhere) == sorted(
        f"child-{y}-{n}" for y, c in years.items() for n in range(c)
    )
    part = _page(site, "reviews-by-year/2025-2")
    assert "Reviews commissioned in 2025, part 2 of 2</h1>" in part
    assert "data-rr-reviews" in part  # the same filterable table
    assert 'href="../../reviews/child-2025-0/"' in part


def _with_findings(count: int) -> str:
    findings = "".join(
        f'  - title: "Finding {n} (fictional)"\n    detail: See [[qm01]].\n    themes: [neglect]\n'
        for n in range(count)
    )
    return REVIEW.replace("agencies: [police]\n", f"agencies: [police]\nfindings:\n{findings}")


def test_a_theme_with_many_findings_continues_on_pages_of_its_own(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(term_pages, "THEME_FINDINGS", 2)
    repo.add_review("child-a", index=_with_findings(5), qm01=ANSWER)
    site = build_site(repo.root)

    def titles(html: str) -> list[str]:
        return re.findall(r">(Finding \d \(fictional\))</h[23]>", html)

    theme = _page(site, "themes/neglect")
    assert titles(theme) == ["Finding 0 (fictional)", "Finding 1 (fictional)"]
    assert "These are the first 2 of 5 findings" in theme
    later = [
        t for p in ("findings-2", "findings-3") for t in titles(_page(site, f"themes/neglect/{p}"))
    ]
    assert later == [f"Finding {n} (fictional)" for n in (2, 3, 4)]
    part = _page(site, "themes/neglect/findings-3")
    assert "Neglect: findings, part 3 of 3</h1>" in part
    # A finding's own link is made for the page it is on.
    assert 'href="../../../markers/qm01/"' in part
    assert 'href="../../../reviews/child-a/"' in part
