"""WCAG 2.2 AA checks in Chromium: axe-core on every page type, keyboard, 400 % zoom."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .support import PAGE_TYPES, Theme, screenshot, screenshot_path

# axe's tags for WCAG 2.0/2.1/2.2 A and AA, plus its best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

# A hung browser must fail the test, not hold CI until its time runs out.
pytestmark = pytest.mark.timeout(180)


def serious(page: Page) -> list[str]:
    """axe's serious and critical violations on the page as it stands, one line each."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_has_no_serious_axe_violation(page: Page, theme: Theme, name: str) -> None:
    page.goto(PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    screenshot(page, name, theme)
    found = serious(page)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_in_the_dark_scheme_has_no_serious_axe_violation(
    new_page: Callable[..., Page], theme: Theme, name: str
) -> None:
    """Material follows the reader's system setting; the dark palette must pass too.

    (The built-in theme stays light here: see ``THEMES``.)"""
    page = new_page(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page.goto(PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    if name == "dashboard":
        screenshot(page, "dashboard-dark", theme)
    found = serious(page)
    assert found == [], "\n".join(found)


# Every control a keyboard user must reach: visible, enabled, in the tab order.
_CONTROLS_JS = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || el.type === 'hidden' || el.closest('[hidden]')) continue;
    const shown = el.matches('.md-option') ? el.nextElementSibling : el;
    if (!shown || !shown.checkVisibility({visibilityProperty: true})) continue;
    if (el.type === 'radio' && !el.checked) continue;  // a radio group is one tab stop
    el.dataset.rrKey = String(found.length);
    found.push(el.dataset.rrKey);
  }
  return found;
}"""

# Smooth scrolling (Bootstrap's, on the built-in theme) is motion too: a control just
# focused would still be on its way into view when the test looks.
_NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
    " html { scroll-behavior: auto !important; }"
)

# Where focus is, and whether a sighted keyboard user can see it.
_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = el.matches('.md-option') ? el.nextElementSibling : el;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  return {
    key: el.dataset.rrKey ?? null,
    html: el.outerHTML.slice(0, 120),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
      && shown.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
      && box.right > 0 && box.left < innerWidth,
  };
}"""


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_keyboard_reaches_every_control_with_visible_focus(page: Page, name: str) -> None:
    page.goto(PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    # Fades would make a just-focused control read as invisible; timing is not tested here.
    # A constructed stylesheet: the pages' Content-Security-Policy refuses a <style> tag.
    page.evaluate(
        "css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }",
        _NO_TRANSITIONS,
    )
    controls = page.evaluate(_CONTROLS_JS)
    assert controls, "no control found: the selector is broken"
    reached: list[str] = []
    unseen: list[str] = []
    # Two passes' worth of presses: focus must leave the page after the last control
    # (no trap) and come back round to the first.
    for _ in range(2 * len(controls) + 4):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS_JS)
        if focus is None:  # focus left the document: the end of the tab order
            break
        if focus["key"] is not None:
            reached.append(focus["key"])
        if not (focus["ring"] and focus["inView"]):
            unseen.append(focus["html"])
    else:
        pytest.fail(f"focus never left the page after {len(controls)} controls: a keyboard trap")
    assert sorted(set(controls) - set(reached), key=int) == [], "controls never reached by Tab"
    assert unseen == [], "focused controls without a visible focus ring in view"


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_skip_link_moves_past_the_navigation(page: Page, theme: Theme, name: str) -> None:
    page.goto(PAGE_TYPES[name])
    if not theme.skip_link:
        # No skip link (WCAG 2.4.1 is met by landmarks there): the page's heading must be
        # inside the main landmark, which assistive technology offers to jump to.
        expect(page.get_by_role("main").locator("h1")).to_have_count(1)
        return
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip().lower().startswith("skip to content")
    page.wait_for_timeout(300)  # the link fades in on focus
    assert skip.evaluate("el => getComputedStyle(el).opacity") == "1"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('.md-content, [role=main]')")
    assert inside, "after the skip link, Tab should land in the page content"


# Visible elements that stick out past the right edge of the window, unless a
# data table scrolls inside its own box (WCAG 1.4.10 allows that for tables).
_OVERFLOW_JS = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= innerWidth + 1) continue;
    let up = el.parentElement, allowed = false;
    while (up && up !== document.body) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') {
        allowed = !!(el.closest('table') || el.querySelector('table'));
        break;
      }
      up = up.parentElement;
    }
    if (!allowed) out.push(el.outerHTML.slice(0, 100));
  }
  return out;
}"""


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_horizontal_scrolling_at_400_percent_zoom(
    new_page: Callable[..., Page], theme: Theme, name: str
) -> None:
    # 1280 CSS px at 400 % zoom leaves 320 CSS px (WCAG 1.4.10 Reflow).
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    screenshot(page, f"{name}-320px", theme)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px window"
    # Material sets overflow-x: hidden on <html>, so content could also be cut off silently.
    assert page.evaluate(_OVERFLOW_JS) == [], "content past the right edge at 320 px"
    found = serious(page)
    assert found == [], "\n".join(found)


def test_heat_map_reads_without_colour(page: Page) -> None:
    """Every cell says its judgement in words to assistive technology and by a symbol
    on screen, in a table whose headers name its review and marker (WCAG 1.1.1,
    1.3.1, 1.4.1), and each link is big enough to hit (WCAG 2.5.8)."""
    page.goto("/")
    heat_map = page.locator("table.rr-heatmap")
    cells = page.evaluate(
        """() => [...document.querySelectorAll('table.rr-heatmap tbody td')].map(cell => {
          const link = cell.querySelector('a');
          const words = cell.querySelector('.rr-sr');
          const box = (link || cell).getBoundingClientRect();
          return {name: link ? link.getAttribute('aria-label') : words.textContent,
                  symbol: (link || cell.querySelector('[aria-hidden]')).textContent.trim(),
                  width: box.width, height: box.height};
        })"""
    )
    assert len(cells) == 3 * 18, "one cell for each published review and marker"
    words = r"(Met|Partly met|Not met|Not applicable|Not assessed|No answer yet)"
    assert [c for c in cells if not re.fullmatch(words, c["name"])] == []
    assert [c for c in cells if not c["symbol"]] == []
    symbols = {c["name"]: c["symbol"] for c in cells}
    assert len(set(symbols.values())) == len(symbols), f"one symbol per judgement: {symbols}"
    assert [c for c in cells if min(c["width"], c["height"]) < 24] == []
    heron = heat_map.locator("tr", has=page.get_by_role("rowheader", name="Child Heron"))
    cell = heron.locator('a[title="Marker 3, Advising board members"]')
    expect(cell).to_have_accessible_name("Not met")
    expect(cell).to_have_accessible_description("Marker 3, Advising board members")
    expect(cell).to_have_text("✗")
    expect(page.get_by_role("columnheader", name="05")).to_be_visible()


# Each heat-map cell as painted: its own background, the colour behind its symbol (the
# first opaque background up the tree), the symbol's colour and their contrast ratio.
_CELL_PAINT_JS = """() => {
  const rgba = text => {
    const parts = text.match(/[\\d.]+/g).map(Number);
    return parts.length === 3 ? [...parts, 1] : parts;
  };
  const luminance = colour => {
    const [r, g, b] = colour.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const behind = el => {
    for (; el; el = el.parentElement) {
      const colour = rgba(getComputedStyle(el).backgroundColor);
      if (colour[3] === 1) return colour;
    }
    return [255, 255, 255, 1];
  };
  return [...document.querySelectorAll('table.rr-heatmap tbody td')].map(cell => {
    const symbol = cell.querySelector('a, [aria-hidden]');
    const style = getComputedStyle(cell);
    const back = behind(cell), ink = rgba(getComputedStyle(symbol).color);
    // A translucent text colour (Material's) shows blended with what is behind it.
    const fore = [0, 1, 2].map(i => ink[i] * ink[3] + back[i] * (1 - ink[3]));
    const [light, dark] = [luminance(back), luminance(fore)].sort((a, b) => b - a);
    return {
      kind: cell.className, own: rgba(style.backgroundColor), back, fore,
      shadow: style.boxShadow, contrast: (light + 0.05) / (dark + 0.05),
      shown: symbol.textContent.trim() !== ''
        && symbol.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    };
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_heat_map_cells_keep_their_colour_and_a_visible_symbol(
    new_page: Callable[..., Page], theme: Theme, scheme: str
) -> None:
    """A theme's table styles (Bootstrap's, on the built-in theme) must not paint over the
    judgement colours, and every symbol keeps 4.5:1 against what is behind it (WCAG 1.4.3)."""
    page = new_page(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page.goto("/")
    page.wait_for_load_state("networkidle")
    shot = screenshot_path(f"heat-map-{scheme}", theme)
    page.locator("table.rr-heatmap").screenshot(path=str(shot))
    cells = page.evaluate(_CELL_PAINT_JS)
    assert len(cells) == 3 * 18
    answered = [c for c in cells if c["kind"] != "rr-j-missing"]
    assert answered, "the samples answer some markers"
    assert [c for c in answered if c["own"][3] != 1 or c["own"][:3] == [255, 255, 255]] == [], (
        "an answered cell lost its colour"
    )
    assert [c for c in cells if "inset" in c["shadow"]] == [], "a shadow paints over the cell"
    colours = {c["kind"]: tuple(c["own"]) for c in answered}
    assert len(set(colours.values())) == len(colours), f"one colour per judgement: {colours}"
    assert [c for c in cells if not c["shown"]] == [], "a symbol is hidden"
    faint = [(c["kind"], round(c["contrast"], 2)) for c in cells if c["contrast"] < 4.5]
    assert faint == [], "symbols under 4.5:1 against their cell"
