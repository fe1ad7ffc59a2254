"""The quick string versions of ``relative`` and ``esc`` give exactly what the plain ones gave."""

from __future__ import annotations

import html
import posixpath
import re

from hypothesis import given
from hypothesis import strategies as st

from review_records.markup import esc, relative
from test_fuzz import FAST

_SEGMENT = st.one_of(
    st.sampled_from(["reviews", "markers", "child-q", "index.md", "qm05.md", ".", "..", ""]),
    st.text(alphabet="ab.-", min_size=1, max_size=3),
)
_URI = st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join)
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def _esc_by_regex(text: object) -> str:
    value = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


@FAST
@given(_URI, _URI.filter(bool))  # posixpath refuses an empty target, and so do we
def test_relative_matches_posixpath(from_uri: str, to_uri: str) -> None:
    expected = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    assert relative(from_uri, to_uri) == expected


def test_relative_on_site_paths() -> None:
    assert relative("reviews/child-q/qm05.md", "reviews/child-r/qm05.md") == "../child-r/qm05.md"
    assert relative("reviews/child-q/qm05.md", "markers/qm05.md") == "../../markers/qm05.md"
    assert relative("index.md", "reviews/index.md") == "reviews/index.md"
    assert relative("reviews/index.md", "reviews/child-q/index.md") == "child-q/index.md"


@FAST
@given(st.one_of(st.text(), st.integers(), st.none()))
def test_esc_matches_the_regex(text: object) -> None:
    assert esc(text) == _esc_by_regex(text)


def test_esc_example() -> None:
    assert esc("a*b_[c] 'd'  <e> & #") == "a\\*b\\_\\[c\\] 'd' &lt;e&gt; &amp; \\#"
