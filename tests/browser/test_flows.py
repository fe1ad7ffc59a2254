"""What a reader does on the site, done in Chromium as they would do it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .support import Theme, Traffic, open_page, screenshot, screenshot_path, serve

# A hung browser must fail the test, not hold CI until its time runs out.
pytestmark = pytest.mark.timeout(180)


def visible_titles(page: Page) -> list[str]:
    """Review titles of the rows the reviews table shows now."""
    return page.locator("table[data-rr-reviews] tbody tr:visible th a").all_inner_texts()


def test_links_lead_from_dashboard_to_another_reviews_answer_for_the_same_marker(
    page: Page,
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Child Kestrel (fictional sample)").first.click()
    expect(page.locator("h1")).to_have_text("Child Kestrel (fictional sample)")
    page.get_by_role("link", name=re.compile(r"^05 Clarity of purpose")).first.click()
    expect(page.locator("h1")).to_contain_text("Child Kestrel (fictional sample): marker 05")
    page.get_by_role("link", name=re.compile(r"^05 Clarity of purpose")).first.click()
    expect(page).to_have_url(re.compile(r"/markers/qm05/$"))
    expect(page.locator("h1")).to_contain_text("Marker 05")
    judgements = page.locator("table", has_text="Judgement")
    judgements.get_by_role("link", name="Child Heron (fictional sample)").click()
    expect(page).to_have_url(re.compile(r"/reviews/sample-child-heron/qm05/$"))
    expect(page.locator("h1")).to_contain_text("Child Heron (fictional sample): marker 05")


def test_heat_map_cell_opens_its_answer(page: Page, theme: Theme) -> None:
    page.goto("/")
    heat_map = page.locator("table.rr-heatmap")
    heron = heat_map.locator("tr", has=page.get_by_role("rowheader", name="Child Heron"))
    cell = heron.get_by_role("link", name="Not met")
    expect(cell).to_have_count(2)  # markers 3 and 8
    cell.first.focus()
    page.keyboard.press("Enter")  # a keyboard user opens it as a mouse user would
    expect(page).to_have_url(re.compile(r"/reviews/sample-child-heron/qm03/$"))
    expect(page.locator("h1")).to_contain_text("Child Heron (fictional sample): marker 03")
    expect(page.locator(theme.content)).to_contain_text("Not met")
    page.go_back()
    heat_map.get_by_role("link", name="05", exact=True).click()
    expect(page).to_have_url(re.compile(r"/markers/qm05/$"))


def test_reviews_table_filters_by_theme_and_by_year(page: Page, theme: Theme) -> None:
    page.goto("/reviews/")
    everything = [
        "The Wren siblings (fictional sample)",
        "Child Kestrel (fictional sample)",
        "Child Heron (fictional sample)",
    ]
    assert visible_titles(page) == everything
    page.get_by_label("Theme").select_option(label="Professional curiosity")
    assert visible_titles(page) == everything[:2]
    expect(page.get_by_role("status")).to_have_text("Showing 2 of 3 reviews.")
    page.get_by_label("Year").select_option("2024")
    assert visible_titles(page) == ["Child Kestrel (fictional sample)"]
    expect(page.get_by_role("status")).to_have_text("Showing 1 of 3 reviews.")
    screenshot(page, "reviews-filtered", theme)
    page.get_by_label("Theme").select_option(label="All")
    page.get_by_label("Year").select_option("2023")
    assert visible_titles(page) == ["Child Heron (fictional sample)"]


def test_reviews_filter_by_clock_and_the_review_shows_its_clocks(page: Page, theme: Theme) -> None:
    """#14: the clock filter on /reviews/, and the timeline and clocks of a review."""
    page.goto("/reviews/")
    page.get_by_label("Clock").select_option(label="✓ A clock met")
    assert visible_titles(page) == ["Child Heron (fictional sample)"]
    expect(page.get_by_role("status")).to_have_text("Showing 1 of 3 reviews.")
    page.get_by_role("link", name="Child Heron (fictional sample)").click()
    content = page.locator(theme.content)
    clocks = content.locator("table", has_text="Rapid review sent to the Panel").last
    # Notified on the 5th working day after 2022-12-20: Boxing Day and the 27th (the
    # substitute for Christmas Day, a Sunday) are bank holidays.
    notification = clocks.locator("tr", has_text="Serious incident notification")
    expect(notification).to_contain_text("✓ Met")
    expect(notification).to_contain_text("2022-12-29")
    expect(clocks.locator("tr", has_text="LCSPR completed and published")).to_contain_text(
        "✗ Missed"
    )


def test_reviews_table_sorts_by_commission_date(page: Page) -> None:
    page.goto("/reviews/")
    page.get_by_role("button", name="Commissioned").click()
    expect(page.locator("th", has_text="Commissioned")).to_have_attribute("aria-sort", "ascending")
    assert visible_titles(page) == [
        "Child Heron (fictional sample)",
        "Child Kestrel (fictional sample)",
        "The Wren siblings (fictional sample)",
    ]


def test_printed_review_is_whole_and_has_no_navigation(page: Page, theme: Theme) -> None:
    page.goto("/reviews/sample-child-kestrel/")
    page.wait_for_load_state("networkidle")
    article = page.locator(theme.content)
    # The search box is no part of the review (and print leaves it out).
    page.locator(".rr-search-box").evaluate("box => box.remove()")
    on_screen = article.inner_text()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 CSS px an inch
    page.emulate_media(media="print")
    for chrome in theme.chrome:
        expect(page.locator(chrome).first).to_be_hidden()
    expect(article).to_be_visible()
    assert article.inner_text() == on_screen, "print media must not hide any of the review"
    for heading in ("Findings", "Scorecard", "Actions", "Related reviews", "Referenced by"):
        expect(article.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # Every table shows every column on paper: nothing is cut off or left to scroll.
    clipped = page.evaluate(
        """content => [...document.querySelectorAll(`${content} table, ${content} svg`)]
          .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
            || el.closest('[class*=scrollwrap]')?.scrollWidth
               > el.closest('[class*=scrollwrap]')?.clientWidth + 1)
          .map(el => el.outerHTML.slice(0, 80))""",
        theme.content,
    )
    assert clipped == []
    screenshot(page, "review-print", theme)
    page.pdf(path=str(screenshot_path("review-print", theme).with_suffix(".pdf")), format="A4")


def test_a_request_to_another_server_is_caught_and_stopped(
    browser: Browser, base_url: str, built_site: Path
) -> None:
    """The traffic guard itself: another port on loopback counts as leaving the machine."""
    with serve(built_site) as other:
        traffic = Traffic(base_url)
        # The pages' Content-Security-Policy (connect-src 'self') would stop the request
        # before the guard saw it: tests/browser/test_csp.py proves that part.
        page = open_page(browser, base_url, traffic, bypass_csp=True)
        page.goto("/")
        page.evaluate(
            "url => fetch(url).catch(() => null)", f"{other}/pagefind/pagefind-entry.json"
        )
        page.context.close()
    assert traffic.foreign() == [f"{other}/pagefind/pagefind-entry.json"]
    assert len(traffic.failed) == 1, "the foreign request must have been stopped"


def test_reviews_table_filters_by_national_classification(page: Page) -> None:
    page.goto("/reviews/")
    ages = page.get_by_label("Age band").locator("option").all_inner_texts()
    assert ages == ["All", "Under 1", "6 to 10"]  # in age order, not alphabetical
    page.get_by_label("Harm type").select_option(label="Neglect")
    assert visible_titles(page) == ["The Wren siblings (fictional sample)"]
    page.get_by_label("Harm type").select_option(label="All")
    page.get_by_label("Incident").select_option(label="Serious harm")
    expect(page.get_by_role("status")).to_have_text("Showing 2 of 3 reviews.")
    page.get_by_label("Age band").select_option(label="Under 1")
    assert visible_titles(page) == ["Child Kestrel (fictional sample)"]


def test_actions_page_flags_in_words_and_links_to_the_answer(page: Page, theme: Theme) -> None:
    page.goto("/actions/")
    impact = page.locator("table", has_text="Evidence of completion")
    expect(impact).to_contain_text("Report to the executive on outcomes for babies")
    flagged = page.locator("td", has_text="◇ No evidence of impact")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("⏰ Assurance due since 2025-12-31")
    impact.get_by_role("link", name="Child Kestrel (fictional sample), 18").click()
    expect(page).to_have_url(re.compile(r"/reviews/sample-child-kestrel/qm18/$"))
    expect(page.locator(theme.content)).to_contain_text("Assured by: Partnership executive group")
