"""The ``rules`` option: one severity per rule, for ``mkdocs build`` and ``review-records check``.

Real builds and real runs of the command in temporary repositories (``conftest.Repo``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import ANSWER, MKDOCS_YML, REVIEW, Repo, build_site
from review_records.cli import main
from review_records.errors import ConfigurationError
from review_records.problems import Problem, Severity
from review_records.rules import RULES, severity_overrides, with_severities

#: A line that looks like a postcode (made up: no such postcode is issued).
POSTCODE_LINE = "Seen near ZX1 1XZ last week."
POSTCODE_REVIEW = REVIEW + f"\n{POSTCODE_LINE}\n"
#: What the plugin's logger puts before each of its messages.
LOGGED = "review_records: "
POSTCODE_PROBLEM = "reviews/child-test/index.md:15:11: {severity}: this looks like a UK postcode"


def _with_rules(repo: Repo, rules: str) -> None:
    """Give the plugin a ``rules`` option (YAML lines under it, already indented)."""
    yml = MKDOCS_YML.replace("  - review-records\n", f"  - review-records:\n      rules:\n{rules}")
    repo.write("mkdocs.yml", yml)


def _check(repo: Repo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["check", "-f", str(repo.root / "mkdocs.yml"), *args], catch_exceptions=False
    )
    return result.exit_code, result.output


def _build(repo: Repo, *, strict: bool) -> Path:
    site = repo.root / "site"
    build(load_config(str(repo.root / "mkdocs.yml"), strict=strict, site_dir=str(site)))
    return site


def _postcode_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "[identifier-postcode]" in line]


# ---------------------------------------------------------------------------
# Raising a warning to an error.
# ---------------------------------------------------------------------------


@pytest.mark.expected_warnings(r"warning: this looks like a UK postcode.*\[identifier-postcode\]$")
def test_a_postcode_is_a_warning_by_default(repo: Repo, mkdocs_warnings: list[str]) -> None:
    repo.add_review(index=POSTCODE_REVIEW, qm01=ANSWER)
    code, output = _check(repo)
    assert code == 0
    [line] = _postcode_lines(output)
    assert line.startswith(POSTCODE_PROBLEM.format(severity="warning"))
    assert (_build(repo, strict=False) / "reviews/child-test/index.html").is_file()


def test_a_warning_raised_to_an_error_fails_check(repo: Repo) -> None:
    repo.add_review(index=POSTCODE_REVIEW, qm01=ANSWER)
    _with_rules(repo, "        identifier-postcode: error\n")
    code, output = _check(repo)
    assert code == 1
    [line] = _postcode_lines(output)
    assert line.startswith(POSTCODE_PROBLEM.format(severity="error"))
    assert output.endswith("checked 22 files: 1 error\n")


@pytest.mark.expected_warnings(
    r"error: this looks like a UK postcode.*\[identifier-postcode\]$",
    r"^review-records: 1 error\(s\) in the records; nothing was built$",
)
def test_a_warning_raised_to_an_error_fails_the_build(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    """Not strict: only the option makes this build fail."""
    repo.add_review(index=POSTCODE_REVIEW, qm01=ANSWER)
    _with_rules(repo, "        identifier-postcode: error\n")
    with pytest.raises(Abort):
        _build(repo, strict=False)
    problem = LOGGED + POSTCODE_PROBLEM.format(severity="error")
    assert any(m.startswith(problem) for m in mkdocs_warnings)
    assert "review-records: 1 error(s) in the records; nothing was built" in mkdocs_warnings


def test_the_cached_check_sees_the_new_severity(repo: Repo) -> None:
    """A second run may come from the cache: the option is part of its key."""
    repo.add_review(index=POSTCODE_REVIEW, qm01=ANSWER)
    assert _check(repo)[0] == 0
    _with_rules(repo, "        identifier-postcode: error\n")
    assert _check(repo)[0] == 1
    _with_rules(repo, "        identifier-postcode: warning\n")
    assert _check(repo)[0] == 0


# ---------------------------------------------------------------------------
# Lowering an error: only where the catalogue allows it.
# ---------------------------------------------------------------------------

#: A completed review that answers one marker of 18: a completeness error by default.
COMPLETED = REVIEW.replace("status: in-progress", "status: completed\ncompleted_on: 2025-06-01")


def test_an_adjustable_error_can_be_lowered(repo: Repo) -> None:
    repo.add_review(index=COMPLETED, qm01=ANSWER)
    code, output = _check(repo)
    assert code == 1
    assert "error:" in output and "[completeness]" in output
    _with_rules(repo, "        completeness: warning\n")
    code, output = _check(repo)
    assert (code, "error:" in output) == (0, False)
    assert "warning:" in output and "[completeness]" in output
    assert _check(repo, "--strict")[0] == 1


REFUSED = (
    "review-records option rules: schema-enum cannot be lowered to a warning: "
    "its errors keep broken or unsafe records out of the site"
)


def test_lowering_a_structural_error_is_refused_by_check(repo: Repo) -> None:
    repo.add_review(qm01=ANSWER)
    _with_rules(repo, "        schema-enum: warning\n")
    assert _check(repo) == (2, f"review-records: error: {REFUSED}\n")


@pytest.mark.expected_warnings(r"option rules: schema-enum cannot be lowered to a warning")
def test_lowering_a_structural_error_is_refused_by_the_build(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    repo.add_review(qm01=ANSWER)
    _with_rules(repo, "        schema-enum: warning\n")
    with pytest.raises(Abort):
        build_site(repo.root)
    assert f"review-records: {REFUSED}" in mkdocs_warnings


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES.values() if not r.adjustable))
def test_no_rule_that_guards_the_model_can_be_lowered(rule_id: str) -> None:
    if RULES[rule_id].severity is Severity.WARNING:
        assert severity_overrides([(rule_id, "warning")]) == {}
        return
    with pytest.raises(ConfigurationError, match="cannot be lowered"):
        severity_overrides([(rule_id, "warning")])


def test_what_is_adjustable_is_advisory() -> None:
    adjustable = {rule.id for rule in RULES.values() if rule.adjustable}
    identifiers = {rule_id for rule_id in RULES if rule_id.startswith("identifier-")}
    assert adjustable == identifiers | {"completeness", "date-order", "link-unresolved"}
    assert "denylist" not in adjustable
    assert not any(rule_id.startswith(("schema-", "yaml-", "published-")) for rule_id in adjustable)


# ---------------------------------------------------------------------------
# Unknown rule ids and bad values.
# ---------------------------------------------------------------------------

UNKNOWN = (
    "review-records option rules: no rule is called 'identifer-postcode'; "
    "did you mean 'identifier-postcode'?"
)


def test_an_unknown_rule_is_a_setup_error_for_check(repo: Repo) -> None:
    repo.add_review(qm01=ANSWER)
    _with_rules(repo, "        identifer-postcode: error\n")
    assert _check(repo) == (2, f"review-records: error: {UNKNOWN}\n")


@pytest.mark.expected_warnings(
    r"no rule is called 'identifer-postcode'; did you mean 'identifier-postcode'\?$"
)
def test_an_unknown_rule_is_a_setup_error_for_the_build(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    repo.add_review(qm01=ANSWER)
    _with_rules(repo, "        identifer-postcode: error\n")
    with pytest.raises(Abort):
        build_site(repo.root)
    assert f"review-records: {UNKNOWN}" in mkdocs_warnings


def test_an_unknown_rule_far_from_any_has_no_suggestion() -> None:
    with pytest.raises(ConfigurationError) as raised:
        severity_overrides([("zzz", "error")])
    assert str(raised.value) == "review-records option rules: no rule is called 'zzz'"


@pytest.mark.parametrize(
    "rules", ["        identifier-postcode: fatal\n", "        - identifier-postcode\n"]
)
def test_a_bad_severity_is_a_setup_error(repo: Repo, rules: str) -> None:
    repo.add_review(qm01=ANSWER)
    _with_rules(repo, rules)
    assert _check(repo) == (
        2,
        "review-records: error: review-records option rules must map rule ids to error or "
        "warning, e.g. identifier-phone: error\n",
    )


def test_overrides_make_new_problems_and_change_none() -> None:
    problem = Problem("a.md", 1, 1, Severity.WARNING, "identifier-phone", "x")
    [raised] = with_severities([problem], {"identifier-phone": Severity.ERROR})
    assert raised.severity is Severity.ERROR and problem.severity is Severity.WARNING
    assert raised == Problem("a.md", 1, 1, Severity.ERROR, "identifier-phone", "x")


# ---------------------------------------------------------------------------
# Problems found while building go the same way.
# ---------------------------------------------------------------------------

#: MkDocs' own check of links is off, so that the plugin's is the only one reporting.
NO_LINK_CHECK = "validation:\n  links:\n    not_found: ignore\n"


@pytest.mark.expected_warnings(
    r"docs/notes\.md:3:16: warning: the link to 'plan\.md' .*\[link-unresolved\]$"
)
def test_a_link_to_no_page_is_a_warning_at_its_line(repo: Repo, mkdocs_warnings: list[str]) -> None:
    repo.add_review(qm01=ANSWER)
    repo.write("mkdocs.yml", MKDOCS_YML + NO_LINK_CHECK)
    repo.write("docs/notes.md", "# Notes\n\nSee [the plan](plan.md).\n")
    with pytest.raises(Abort):  # strict: a warning fails the build
        build_site(repo.root)
    assert (
        LOGGED
        + "docs/notes.md:3:16: warning: the link to 'plan.md' leads to no page of the built site "
        "[link-unresolved]"
    ) in mkdocs_warnings
    assert (_build(repo, strict=False) / "notes/index.html").is_file()


@pytest.mark.expected_warnings(
    r"docs/notes\.md:3:16: error: the link to 'plan\.md' .*\[link-unresolved\]$",
    r"^review-records: 1 error\(s\) in the built site; see the problems above$",
)
def test_a_link_to_no_page_raised_to_an_error_fails_the_build(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    repo.add_review(qm01=ANSWER)
    _with_rules(repo, "        link-unresolved: error\n")
    repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text() + NO_LINK_CHECK)
    repo.write("docs/notes.md", "# Notes\n\nSee [the plan](plan.md).\n")
    with pytest.raises(Abort):
        _build(repo, strict=False)
    error = LOGGED + "docs/notes.md:3:16: error: the link to 'plan.md'"
    assert any(m.startswith(error) for m in mkdocs_warnings)
    assert "review-records: 1 error(s) in the built site; see the problems above" in mkdocs_warnings


@pytest.mark.expected_warnings(
    r"error: event-handler attribute 'onerror' on <img> \[published-handler\]$",
    r"^review-records: the built site is not safe to publish \(1 finding\(s\)\)",
)
def test_a_finding_in_the_built_site_is_reported_as_a_problem(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    repo.add_review(qm01=ANSWER)
    repo.write("mkdocs.yml", MKDOCS_YML + "markdown_extensions:\n  - md_in_html\n")
    repo.write("docs/notes.md", '# Notes\n\n<img src="x.png" onerror="alert(1)">\n')
    with pytest.raises(Abort):
        build_site(repo.root)
    [line] = [m for m in mkdocs_warnings if "[published-handler]" in m]
    assert line.startswith(LOGGED + "site/notes/index.html:")
    assert line.endswith(": error: event-handler attribute 'onerror' on <img> [published-handler]")
    refusal = [m for m in mkdocs_warnings if "not safe to publish" in m]
    assert refusal == [
        "review-records: the built site is not safe to publish (1 finding(s)); "
        f"remove {repo.root / 'site'} before sharing anything"
    ]
