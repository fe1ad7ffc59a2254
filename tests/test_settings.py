"""The plugin's options are checked once (settings.py), for the build and the command alike."""

from __future__ import annotations

import dataclasses
import re

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from conftest import ANSWER, MKDOCS_YML, Repo, build_site
from review_records.cli import main
from review_records.plugin.config import PluginConfig
from review_records.settings import OPTION_NAMES, Settings

#: Settings fields that are not options: where mkdocs.yml is, and MkDocs' own docs_dir.
NOT_OPTIONS = {"root", "docs_dir"}


def test_the_options_declared_to_mkdocs_are_the_settings_options() -> None:
    declared = {name: option.default for name, option in PluginConfig._schema}
    fields = {f.name: f.default for f in dataclasses.fields(Settings) if f.name not in NOT_OPTIONS}
    assert set(declared) == OPTION_NAMES == set(fields) | {"enabled"}
    assert declared.pop("enabled") is True
    # Settings keeps the rules as sorted pairs; MkDocs hands over the mapping.
    assert declared.pop("rules") == {} and fields.pop("rules") == ()
    assert declared == fields


def _with_option(repo: Repo, option: str) -> None:
    repo.add_review(qm01=ANSWER)
    repo.write(
        "mkdocs.yml",
        MKDOCS_YML.replace("  - review-records\n", f"  - review-records:\n      {option}\n"),
    )


def _check(repo: Repo) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-f", str(repo.root / "mkdocs.yml")])
    return result.exit_code, result.output


def _bad(option: str, message: str) -> object:
    """A bad option, and the one message both front ends must give for it."""
    mark = pytest.mark.expected_warnings("^review-records: " + re.escape(message) + "$")
    return pytest.param(option, message, marks=mark, id=option)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        _bad("target_months: 0", "review-records option target_months must be a whole number ≥ 1"),
        _bad("include_drafts: maybe", "review-records option include_drafts must be true or false"),
        _bad("reviews_dir: [a, b]", "review-records option reviews_dir must be a folder name"),
        _bad("enabled: 'no'", "review-records option enabled must be true or false"),
        _bad("denylist: 3", "review-records option denylist must be the path of a file"),
    ],
)
def test_a_bad_option_gets_the_same_message_from_check_and_build(
    repo: Repo, mkdocs_warnings: list[str], option: str, message: str
) -> None:
    _with_option(repo, option)
    assert _check(repo) == (2, f"review-records: error: {message}\n")
    with pytest.raises(Abort):
        build_site(repo.root)
    assert f"review-records: {message}" in mkdocs_warnings


@pytest.mark.expected_warnings(r"option 'review_dir': Unrecognised configuration name: review_dir$")
def test_an_unknown_option_is_refused_by_check_and_build(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    """MkDocs names an unknown option itself (a warning, so strict builds stop)."""
    _with_option(repo, "review_dir: x")
    assert _check(repo) == (
        2,
        "review-records: error: unknown review-records option(s): review_dir\n",
    )
    with pytest.raises(Abort):
        build_site(repo.root)
    assert any(m.endswith("Unrecognised configuration name: review_dir") for m in mkdocs_warnings)


def test_good_options_reach_the_build(repo: Repo) -> None:
    """Values pass through MkDocs unchanged: the build uses what settings.py checked."""
    _with_option(repo, "target_months: 3")
    assert _check(repo)[0] == 0
    build_site(repo.root)
