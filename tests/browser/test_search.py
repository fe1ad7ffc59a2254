"""Search in Chromium, through Pagefind's own script and index, on both themes.

From any page, ``/`` (or ``s``) moves to the search box and Enter opens the search
page; there the results come as the reader types, the arrow keys move through
them, Enter opens one, and the filters narrow them and say how many remain.
Searches for what the sample records hold but never publish (the draft review's
name, a ``private:`` value) find nothing, while a published word finds results.
axe, 320 px reflow, the keyboard sweep and the CSP check run on the search page
with the other page types (``PAGE_TYPES["search"]``).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Request, expect

from .support import SEARCH_LINKS, Theme, screenshot, search, watch_first_result

pytestmark = pytest.mark.timeout(180)


def _status(page: Page) -> str:
    """The status line once the results are settled (the script marks them busy until then)."""
    expect(page.locator("[data-search-results]")).not_to_have_attribute("aria-busy", "true")
    return page.locator("[data-search-status]").inner_text()


@pytest.mark.parametrize("key", ["/", "s"])
def test_search_for_a_theme_word_opens_the_result(page: Page, theme: Theme, key: str) -> None:
    page.goto("/")
    page.wait_for_load_state("networkidle")
    links = search(page, "neglect", key=key)
    result = links.filter(has_text=re.compile(r"^Neglect$")).first
    expect(result).to_be_visible()
    # The excerpt marks the word that matched.
    named = page.get_by_role("link", name="Neglect", exact=True)
    item = page.locator("[data-search-results] li").filter(has=named)
    expect(item.locator("mark").first).to_have_text(re.compile("neglect", re.IGNORECASE))
    screenshot(page, "search-results", theme)
    result.click()
    expect(page).to_have_url(re.compile(r"/themes/neglect/$"))
    expect(page.locator("h1")).to_have_text("Neglect")
    expect(page.locator(theme.content)).to_contain_text("The Wren siblings (fictional sample)")


def test_the_keyboard_moves_through_the_results_and_opens_one(page: Page) -> None:
    page.goto("/reviews/sample-child-kestrel/")
    page.wait_for_load_state("networkidle")
    links = search(page, "referral")
    field = page.get_by_role("searchbox", name="Search")
    expect(field).to_be_focused()  # the search page keeps the reader in its field
    assert links.count() >= 2
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("Escape")
    expect(field).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    target = links.nth(1).get_attribute("href")
    assert target
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def test_typing_on_the_search_page_updates_the_results(page: Page) -> None:
    page.goto("/search/")
    page.wait_for_load_state("networkidle")
    assert _status(page) == "Type a word to search, or choose a filter."
    field = page.get_by_role("searchbox", name="Search")
    field.fill("zxqvzxqv")
    assert _status(page) == "No results."
    field.fill("kestrel")
    assert re.fullmatch(r"\d+ results\.", _status(page))
    expect(page).to_have_url(re.compile(r"\?query=kestrel$"))


def _counted(page: Page) -> None:
    """Wait until the filters' counts are filled in (they come after the results)."""
    expect(page.locator("[data-search-facets]")).not_to_have_attribute("aria-busy", "true")


def test_the_results_come_before_the_filter_index_is_fetched(page: Page) -> None:
    """The first results need none of Pagefind's filter index (half a megabyte at 1,000
    reviews); it is fetched after them, and only then do the filters show counts."""
    filters: list[float] = []  # when each request for a part of the filter index started

    def finished(request: Request) -> None:
        if request.url.endswith(".pf_filter"):
            filters.append(request.timing["startTime"])

    page.on("requestfinished", finished)
    page.add_init_script(watch_first_result())
    page.goto("/search/?query=neglect")
    assert re.fullmatch(r"\d+ results\.", _status(page))
    boxes = page.locator("[data-search-facets] input[type=checkbox]")
    assert boxes.count() > 0  # the page itself carries them
    _counted(page)
    shown = page.evaluate("window.firstResultAt")
    assert filters, "the counts came from the filter index"
    assert min(filters) >= shown, (min(filters), shown)
    kind = page.locator('[data-search-facet="kind"]')
    kind.locator("summary").click()
    expect(kind.get_by_role("checkbox", name=re.compile(r"^Theme \(\d+\)$"))).to_be_visible()


def test_a_filter_narrows_the_results_and_says_how_many_remain(page: Page) -> None:
    page.goto("/search/?query=neglect")
    page.wait_for_load_state("networkidle")
    everything = int(_status(page).split()[0])
    _counted(page)
    group = page.locator('[data-search-facet="kind"]')
    group.locator("summary").click()
    answers = group.get_by_role("checkbox", name=re.compile(r"^Answer to a marker \(\d+\)$"))
    label = answers.evaluate("box => box.labels[0].textContent")
    promised = int(re.search(r"\((\d+)\)", label).group(1))  # type: ignore[union-attr]
    assert 0 < promised < everything
    answers.check()
    _status(page)
    _counted(page)
    # With the filter on, its own count is what the results say.
    assert answers.evaluate("box => box.labels[0].textContent").strip().endswith(f"({promised})")
    expect(page.locator("[data-search-status]")).to_have_text(
        f"{promised} result{'s' if promised > 1 else ''} with these filters ({everything} without)."
    )
    links = page.locator(SEARCH_LINKS)
    shown = min(promised, 10)  # the first ten, then "Show more results"
    expect(links).to_have_count(shown)
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(shown)]
    assert all(re.search(r"/reviews/[^/]+/qm\d\d/$", href) for href in hrefs), hrefs
    # A second group narrows further: both must hold.
    met = page.locator('[data-search-facet="judgement"]')
    met.locator("summary").click()
    met.get_by_role("checkbox", name=re.compile(r"^Met \(")).check()
    _status(page)
    narrowed = int(_status(page).split()[0]) if _status(page)[0].isdigit() else 0
    assert narrowed <= promised
    page.get_by_role("button", name="Clear all filters").click()
    assert _status(page) == f"{everything} results."


@pytest.mark.parametrize(
    ("words", "why"),
    [
        ("Plover", "the draft review's child"),
        ("unresponsive", "a word of the draft review's summary alone"),
    ],
)
def test_nothing_unpublishable_is_found(page: Page, words: str, why: str) -> None:
    page.goto("/search/?query=" + words)
    page.wait_for_load_state("networkidle")
    assert _status(page) == "No results.", why
    expect(page.locator(SEARCH_LINKS)).to_have_count(0)
    # The same search finds what is published: the test could fail.
    page.get_by_role("searchbox", name="Search").fill("Kestrel")
    assert _status(page) != "No results."


def test_no_private_value_is_found(page: Page) -> None:
    """The case references are FICTIONAL-0001 to -0004: "fictional" is on every page, so
    the search finds pages, but none for the number (1,000 matches 0001 as a number)."""
    page.goto("/search/?query=FICTIONAL-0001")
    page.wait_for_load_state("networkidle")
    assert _status(page).endswith("results.")
    marked = page.locator("[data-search-results] mark").all_inner_texts()
    assert marked, "the search found the pages that say fictional"
    assert [word for word in marked if "0001" in word] == []
    text = page.locator("[data-search-results]").inner_text()
    assert "FICTIONAL-000" not in text.upper()
