"""Page templates: a partnership's ``templates_dir`` replaces a page, and cannot reach private data.

Every build here is a real ``mkdocs build`` of a copy of the sample records.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError

from conftest import build_site
from review_records.pages.headings import number_headings, slugify
from review_records.pages.templating import PAGE_TEMPLATES, Templates
from support.hypothesis_settings import FAST
from support.templates import use_templates
from test_privacy import CANARY, _with_private_canaries

PAGE = "reviews/sample-child-kestrel/index.html"


def _content(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<!-- review-records:content -->") :]


FINDINGS_FIRST = """\
{% extends "default/review.html" %}
{% block facts %}
<p class="ours">Our partnership's own heading</p>
<h2>Findings first</h2>
{% for finding in review.findings %}
<h3>{{ finding.title }}</h3>
{{ finding.detail }}
{% endfor %}
{{ super() }}
{% endblock %}
{% block findings %}{% endblock %}
"""


def test_an_override_changes_its_page_and_no_other(sample_repo: Path) -> None:
    before = build_site(sample_repo, "before")
    use_templates(sample_repo, {"review.html": FINDINGS_FIRST})
    after = build_site(sample_repo, "after")

    page = _content(after / PAGE)
    assert '<p class="ours">Our partnership\'s own heading</p>' in page
    # The findings now come before the facts table, and only once.
    assert page.index('id="findings-first"') < page.index("About this review")
    assert 'id="findings"' not in page
    assert 'id="findings"' in _content(before / PAGE)
    # Every other page is as it was (the answer pages, say).
    answer = "reviews/sample-child-kestrel/qm05/index.html"
    assert _content(after / answer) == _content(before / answer)


def test_the_package_templates_are_all_there() -> None:
    templates = Templates()
    for name in PAGE_TEMPLATES:
        assert templates._env.get_template(name) is not None  # each name of DESIGN.md §4


#: Overrides that print everything they are given, as a curious template might.
DUMPS = {
    "review.html": "{{ review }}\n{{ site }}\n{% for r in site.reviews %}{{ r }}{% endfor %}\n",
    "answer.html": "{{ answer }}\n{{ site.markers }}\n{{ site.themes }}\n",
    "theme.html": "{{ theme }}{{ term }}",
}


def test_an_override_that_prints_everything_shows_no_private_value(sample_repo: Path) -> None:
    _with_private_canaries(sample_repo)
    use_templates(sample_repo, DUMPS)
    site = build_site(sample_repo)
    assert "ReviewView(" in (site / PAGE).read_text(encoding="utf-8")  # it did print them
    leaks = [
        str(path.relative_to(site))
        for path in site.rglob("*")
        if path.is_file() and CANARY.encode() in path.read_bytes()
    ]
    assert leaks == []


def _refused(root: Path) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    assert not (root / "site" / "index.html").exists()


_ESCAPES = [
    "{{ review.__class__.__init__.__globals__ }}",
    "{{ site._site.collection }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ review.title.format.__globals__ }}",
]


@pytest.mark.expected_warnings(r"^review-records: templates/review\.html:2: template error: ")
@pytest.mark.parametrize("escape", _ESCAPES)
def test_an_override_cannot_walk_out_of_its_objects(sample_repo: Path, escape: str) -> None:
    _with_private_canaries(sample_repo)
    use_templates(sample_repo, {"review.html": f"<h1>{{{{ review.title }}}}</h1>\n{escape}\n"})
    _refused(sample_repo)


@pytest.mark.expected_warnings(r"^review-records: templates/marker\.html:3: template error: ")
def test_a_broken_override_names_its_file_and_line(sample_repo: Path) -> None:
    use_templates(sample_repo, {"marker.html": "<h1>{{ marker.label }}</h1>\n\n{% if %}\n"})
    _refused(sample_repo)


@pytest.mark.expected_warnings(
    r"^review-records: templates/agency\.html:2: template error: .*no_such_field"
)
def test_an_override_naming_nothing_given_says_so(sample_repo: Path) -> None:
    use_templates(sample_repo, {"agency.html": "<h1>x</h1>\n{{ agency.no_such_field }}\n"})
    _refused(sample_repo)


@pytest.mark.expected_warnings(r"^review-records: templates_dir templates is not a folder$")
def test_templates_dir_must_be_a_folder(sample_repo: Path) -> None:
    use_templates(sample_repo, {})
    (sample_repo / "templates").rmdir()
    _refused(sample_repo)


def test_changing_an_override_changes_the_digest(tmp_path: Path) -> None:
    (tmp_path / "review.html").write_text("one", encoding="utf-8")
    first = Templates(tmp_path).digest
    (tmp_path / "review.html").write_text("two", encoding="utf-8")
    assert Templates(tmp_path).digest != first
    assert Templates().digest == ""
    assert Templates(tmp_path, root=tmp_path.parent).shown(tmp_path / "review.html") == (
        f"{tmp_path.name}/review.html"
    )


# Heading ids: the same as Python-Markdown's toc extension gives, so anchors keep working.

_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>&#*_`[]\\"),
    min_size=0,
    max_size=30,
)


@FAST
@given(st.lists(_WORDS, min_size=1, max_size=6))
def test_heading_ids_are_python_markdowns(titles: list[str]) -> None:
    titles = [" ".join(t.split()) or "x" for t in titles]
    source = "\n\n".join(f"## {t}" for t in titles)
    theirs = re.findall(r'<h2 id="([^"]*)"', markdown.markdown(source, extensions=["toc"]))
    html = "".join(f"<h2>{markdown.markdown(t)[3:-4]}</h2>" for t in titles)
    ours = [token["id"] for token in number_headings(html)[1]]
    assert ours == theirs


def test_the_outline_nests_headings_and_keeps_given_ids() -> None:
    html, toc, ids = number_headings(
        '<h1>Title</h1><h2>A</h2><h3>A</h3><h2 id="kept">B</h2><h2>A</h2>'
    )
    assert [t["id"] for t in toc] == ["title"]
    assert [t["id"] for t in toc[0]["children"]] == ["a", "kept", "a_2"]
    assert toc[0]["children"][0]["children"][0]["id"] == "a_1"
    assert ids == {"title", "a", "a_1", "kept", "a_2"}
    assert '<h2 id="kept">B</h2>' in html
    assert slugify("Marker 05 in other reviews") == "marker-05-in-other-reviews"
