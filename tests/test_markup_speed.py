"""The quick string versions of ``relative``, ``href`` and ``esc`` give what the plain ones gave."""

from __future__ import annotations

import html
import posixpath
import re

from hypothesis import given
from hypothesis import strategies as st

from review_records.pages.markup import esc, href, page_url, relative
from support.hypothesis_settings import FAST

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


def _href_by_posixpath(from_uri: str, to_uri: str, directory_urls: bool) -> str:
    source = page_url(from_uri, directory_urls)
    target = page_url(to_uri, directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source) + "/"
    path = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") or not target:
        path = "./" if path == "." else path + "/"
    return html.escape(path, quote=True)


_PAGE = st.lists(_SEGMENT.filter(lambda s: s not in ("", ".", "..")), max_size=3).map(
    lambda parts: "/".join([*parts, "index.md"] if not parts or parts[-1] != "qm05.md" else parts)
)


#: Site paths are relative: posixpath would resolve an absolute one against the working folder.
_SITE_PATH = st.one_of(_PAGE, _URI).filter(lambda uri: not uri.startswith("/"))


@FAST
@given(_SITE_PATH, _SITE_PATH, st.booleans())
def test_href_matches_posixpath(from_uri: str, to_uri: str, directory_urls: bool) -> None:
    assert href(from_uri, to_uri, directory_urls) == _href_by_posixpath(
        from_uri, to_uri, directory_urls
    )


def test_href_on_site_paths() -> None:
    assert href("index.md", "reviews/child-q/qm05.md", True) == "reviews/child-q/qm05/"
    assert href("index.md", "reviews/child-q/qm05.md", False) == "reviews/child-q/qm05.html"
    assert href("reviews/index.md", "index.md", True) == "../"
    assert href("reviews/child-q/qm05.md", "reviews/child-q/index.md", True) == "../"
    assert href("markers/qm05.md", "markers/qm05.md", True) == "./"


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
