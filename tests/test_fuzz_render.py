"""Fuzzing the front-matter loader and the record renderer, with a time bound per input.

The bound is hypothesis' ``deadline`` (each generated input must finish within
it), not a timed assertion. Inputs are biased towards Markdown and HTML
punctuation, where renderers go quadratic and where escapes go wrong.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_records.pages.richtext import is_safe_url, render_markdown
from review_records.problems import ProblemSink
from review_records.records.frontmatter import parse_record

BOUNDED = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)

_PIECES = [
    "<", ">", "[", "]", "(", ")", "!", "*", "_", "`", "~", "|", "&", "#", ";", ":", "\n",
    "\n\n", "    ", "-", '"', "'", "=", "/", "\\", "<script>", "</script>", "<img src=x ",
    "onerror=", "onclick=\"", "javascript:", "JaVa\tScRiPt:", "&#x6a;", "&#106;", "data:",
    "vbscript:", "<!--", "-->", "]]", "[[qm05]]", "<a href=", "{: ", "}", "\u200b", "\x00",
    "http://x", "mailto:a@b", "//evil", "<svg", "<iframe", "style=", "text",
]  # fmt: skip

markdownish = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=400).map(
    "".join
)


class _Oracle(HTMLParser):
    """What would run in a browser: any script, handler, or non-allowlisted URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "iframe", "img", "svg", "object", "embed", "form"}:
            self.bad.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (name in {"style", "src", "srcdoc"} and tag != "td"):
                self.bad.append(f"{tag}[{name}]")
            squeezed = re.sub(r"[\x00-\x20\x7f]+", "", value or "").lower()
            if name == "href" and not re.match(r"(https?:|mailto:|[^:]*$|[^:]*[/?#])", squeezed):
                self.bad.append(f"href={squeezed[:30]}")
            if name == "href" and squeezed.startswith("//"):
                self.bad.append("protocol-relative href")


def _hazards(html: str) -> list[str]:
    oracle = _Oracle()
    oracle.feed(html)
    oracle.close()
    return oracle.bad


@BOUNDED
@given(markdownish)
def test_rendered_record_text_never_runs(text: str) -> None:
    assert _hazards(render_markdown(text)) == []


@BOUNDED
@given(st.text(max_size=2000))
def test_rendering_any_unicode_is_safe(text: str) -> None:
    assert _hazards(render_markdown(text)) == []


@BOUNDED
@given(
    st.lists(st.sampled_from(["\t", "\n", " ", "\x00", "\x1f", "&#9;", "&Tab;"]), max_size=3),
    st.sampled_from(["javascript", "JAVASCRIPT", "vbscript", "data", "file"]),
    st.integers(min_value=0, max_value=10),
)
def test_no_disguise_makes_a_bad_scheme_safe(noise: list[str], scheme: str, at: int) -> None:
    at = min(at, len(scheme))
    url = scheme[:at] + "".join(noise) + scheme[at:] + ":alert(1)"
    assert not is_safe_url(url)


@BOUNDED
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["---", "----", "...", "title: x", "status: draft", "private:",
                             "  a: b", "- x", "&a", "*a", "!!python/object", "? ", "{", "[",
                             "\ufeff", "\r", "\t", "'", '"', "q1: yes", "note: |", "  "]),
            st.text(max_size=10),
        ),
        max_size=60,
    ).map("\n".join)
)  # fmt: skip
def test_front_matter_loader_then_renderer_never_raise(text: str) -> None:
    sink = ProblemSink("reviews/fuzz/index.md")
    record = parse_record("reviews/fuzz/index.md", text.encode("utf-8", "surrogatepass"), sink)
    for problem in sink.problems:
        assert problem.line >= 1 and problem.column >= 1
    if record.front_matter is not None:
        assert isinstance(record.front_matter.data, dict)
    assert _hazards(render_markdown(record.body)) == []
