"""A Python-Markdown extension that passes the plugin's generated HTML blocks through unparsed.

Generated pages carry big blocks of finished HTML (the heat map, the reviews
table) between the markers of :func:`..pages.markup.raw_block`. Python-Markdown would
parse each of their tags only to find where the block ends; this extension
finds the end marker instead and stores the block as Markdown stores any raw
HTML, so the output is the same, byte for byte.

Record text cannot produce the markers: it is rendered with raw HTML off, so a
``<!--`` written in a record reaches the page escaped. A hand-written page
(``docs/``) that shows the markers themselves, even in a code block, has them
read as markers: write their ``<`` as ``&lt;`` there.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..pages.markup import RAW_END, RAW_START

__all__ = ["RawHtmlExtension"]


class _StashRawBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if RAW_START not in text:
            return lines
        out: list[str] = []
        position = 0
        while (start := text.find(RAW_START, position)) != -1:
            end = text.find(RAW_END, start)
            if end == -1:  # not ours after all: leave it to Markdown
                break
            placeholder = self.md.htmlStash.store(text[start + len(RAW_START) : end])
            out += [text[position:start], f"\n\n{placeholder}\n\n"]
            position = end + len(RAW_END)
        out.append(text[position:])
        return "".join(out).split("\n")


class RawHtmlExtension(Extension):
    """Registers the preprocessor: after whitespace is normalised, before HTML blocks are parsed."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the preprocessor to ``md``."""
        # 30 normalises whitespace (and strips the stash's own markers); 20 parses HTML.
        md.preprocessors.register(_StashRawBlocks(md), "review_records_raw_html", 25)
