"""The Markdown extension that passes the plugin's own HTML blocks through unparsed.

It must change nothing but speed: each generated page of the sample site
converts to the same HTML with it as without it (less the two marker comments).
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from review_records.pages.markup import RAW_END, RAW_START, raw_block
from review_records.plugin.rawhtml import RawHtmlExtension

GOLDEN = Path(__file__).parent / "golden"
#: The extensions of this project's mkdocs.yml, as MkDocs passes them.
EXTENSIONS = ["admonition", "tables", "toc"]


def convert(text: str, *, raw: bool) -> str:
    extensions = [*EXTENSIONS, RawHtmlExtension()] if raw else EXTENSIONS
    return markdown.Markdown(extensions=extensions).convert(text)


def _normalised(html: str) -> str:
    return re.sub(r"\s*\n\s*", "\n", html.replace(RAW_START, "").replace(RAW_END, "")).strip()


@pytest.mark.parametrize("name", ["dashboard"])  # the one generated page that is Markdown
def test_pages_convert_the_same_with_and_without_it(name: str) -> None:
    page = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    assert RAW_START in page, "the page has a raw block to pass through"
    with_it = convert(page, raw=True)
    assert RAW_START not in with_it
    assert _normalised(with_it) == _normalised(convert(page, raw=False))


def test_block_passes_through_byte_for_byte() -> None:
    # Markdown would turn these into emphasis, a link and an escaped ampersand.
    block = '<div class="x"><p>*not emphasis* [not](a.md) a &amp; b</p>\n\n<p>two</p></div>'
    html = convert(f"# Title\n\nBefore *this*.\n\n{raw_block(block)}\nAfter.\n", raw=True)
    before = '<h1 id="title">Title</h1>\n<p>Before <em>this</em>.</p>'
    assert html == f"{before}\n{block}\n<p>After.</p>"


def test_two_blocks_on_one_page() -> None:
    html = convert(f"{raw_block('<div>one</div>')}\n{raw_block('<div>two</div>')}", raw=True)
    assert html == "<div>one</div>\n<div>two</div>"


def test_a_start_marker_without_an_end_is_left_to_markdown() -> None:
    html = convert(f"{RAW_START}<div>*x*</div>\n\nText *y*.\n", raw=True)
    assert "<p>Text <em>y</em>.</p>" in html


def test_raw_block_refuses_its_own_end_marker() -> None:
    with pytest.raises(ValueError, match="end marker"):
        raw_block(f"<div>{RAW_END}</div>")
