"""Under ``mkdocs serve --dirty`` a one-record edit re-renders only the pages it changes.

The plugin instance lives on between rebuilds (as under serve, where MkDocs keeps
plugins that define ``on_startup``); these are two real dirty builds into one
site folder, with a real edit between them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import ANSWER, Repo
from review_records.pages.richtext import BlockMemo, record_block
from review_records.plugin.session import CompiledTemplates
from review_records.safety.publication import SourcePairs
from review_records.settings import settings_from_mkdocs_yml

OLD = 1_000_000_000  # a 2001 timestamp: a page still carrying it was not rewritten


@pytest.fixture(autouse=True)
def _forget_serving_plugins() -> Iterator[None]:
    """MkDocs keeps plugin instances in a class-level cache: later tests must not get ours."""
    yield
    MkDocsConfig.plugins.plugin_cache.clear()


def _dirty_build(root: Path, site: Path, *, first: bool) -> object:
    """A build as ``mkdocs serve --dirty`` makes it: on_startup once, before the first."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    plugin = config.plugins["review-records"]
    if first:
        plugin.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    return plugin


def _age_everything(site: Path) -> None:
    for path in site.rglob("*.html"):
        os.utime(path, (OLD, OLD))


@pytest.mark.expected_warnings(r"^A 'dirty' build is being performed, ")
def test_a_dirty_rebuild_renders_only_changed_pages(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER)
    repo.add_review("child-other", qm01=ANSWER)
    site = tmp_path / "site"
    first = _dirty_build(repo.root, site, first=True)
    _age_everything(site)

    edited = repo.write("reviews/child-test/qm01.md", ANSWER.replace("Discussed", "Re-discussed"))
    os.utime(edited, (OLD * 2, OLD * 2))
    second = _dirty_build(repo.root, site, first=False)

    assert second is first, "MkDocs must keep the plugin between rebuilds, as under serve"
    changed = site / "reviews/child-test/qm01/index.html"
    untouched = site / "reviews/child-other/qm01/index.html"
    assert "Re-discussed" in changed.read_text(encoding="utf-8")
    assert untouched.stat().st_mtime == OLD
    rewritten = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    rewritten = {name for name in rewritten if (site / name).stat().st_mtime != OLD}
    # MkDocs renders 404.html on every build; everything else is as it was.
    assert rewritten == {"404.html", "reviews/child-test/qm01/index.html"}


def test_a_clean_build_still_renders_everything(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER)
    site = tmp_path / "site"
    config = load_config(str(repo.root / "mkdocs.yml"), site_dir=str(site))
    build(config)
    _age_everything(site)
    build(load_config(str(repo.root / "mkdocs.yml"), site_dir=str(site)))
    assert all(p.stat().st_mtime != OLD for p in site.rglob("*.html"))


@pytest.mark.expected_warnings(r"^A 'dirty' build is being performed, ")
def test_a_dirty_rebuild_drops_the_pages_of_a_removed_review(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER)
    repo.add_review("child-other", qm01=ANSWER)
    site = tmp_path / "site"
    _dirty_build(repo.root, site, first=True)
    assert (site / "reviews/child-other/qm01/index.html").is_file()
    for path in (repo.root / "reviews/child-other").iterdir():
        path.unlink()
    (repo.root / "reviews/child-other").rmdir()
    _dirty_build(repo.root, site, first=False)
    assert not (site / "reviews/child-other").exists(), "a clean build would not have it"
    assert (site / "reviews/child-test/qm01/index.html").is_file()


@pytest.mark.expected_warnings(r"^A 'dirty' build is being performed, ")
def test_a_dirty_rebuild_after_an_edit_to_mkdocs_yml_renders_every_page(
    repo: Repo, tmp_path: Path
) -> None:
    """Every page shows the site's name and theme: none may keep the old look."""
    repo.add_review(qm01=ANSWER)
    site = tmp_path / "site"
    _dirty_build(repo.root, site, first=True)
    _age_everything(site)
    config = repo.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("Test records", "Renamed records"), encoding="utf-8"
    )
    os.utime(config, (OLD * 2, OLD * 2))
    _dirty_build(repo.root, site, first=False)
    answer = (site / "reviews/child-test/qm01/index.html").read_text(encoding="utf-8")
    assert "Renamed records" in answer


def test_rendered_text_is_reused_between_builds_and_only_last_builds_kept() -> None:
    memo = BlockMemo()
    texts = ["Plain words.", "## A heading\n\nWith [a link](https://example.org).", "<b>raw</b>"]
    memo.next_build()
    assert [memo.block(text) for text in texts] == [record_block(text) for text in texts]
    memo.next_build()
    assert memo.block(texts[0]) == record_block(texts[0])  # carried over from the last build
    memo.next_build()
    assert len(memo) == 1, "a text no build has used since is forgotten"


def test_compiled_templates_follow_an_edited_template() -> None:
    """MkDocs makes a new Jinja environment per rebuild; an edited template must still show."""
    cache = CompiledTemplates()
    templates = {"main.html": "first {{ page }}"}
    first = Environment(loader=DictLoader(templates), bytecode_cache=cache)
    assert first.get_template("main.html").render(page="a") == "first a"
    assert len(cache) == 1
    templates["main.html"] = "second {{ page }}"
    second = Environment(loader=DictLoader(templates), bytecode_cache=cache)
    assert second.get_template("main.html").render(page="a") == "second a"


def test_source_pairs_follow_edits_and_removals(repo: Repo) -> None:
    """The post-build leak check's pairs are kept between rebuilds, and must not go stale."""
    repo.add_review(qm01=ANSWER)
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    sources = SourcePairs()
    assert ("judgement: met", "questions:") in sources.collect(settings)
    edited = repo.write(
        "reviews/child-test/qm01.md", ANSWER.replace("judgement: met", "judgement: not-met")
    )
    os.utime(edited, (OLD * 2, OLD * 2))
    pairs = sources.collect(settings)
    assert ("judgement: not-met", "questions:") in pairs
    assert ("judgement: met", "questions:") not in pairs
    edited.unlink()
    assert ("judgement: not-met", "questions:") not in sources.collect(settings)
