"""Real MkDocs (and ProperDocs) builds of the sample records in temporary folders."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import REVIEW, Repo
from conftest import build_site as _build
from support.searchindex import index_text


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(root).parts
    }


@pytest.mark.parametrize(
    ("theme", "directory_urls"),
    [("material", True), ("material", False), ("mkdocs", True), ("mkdocs", False)],
)
def test_sample_site_builds_strict_without_warnings(
    sample_repo: Path, mkdocs_warnings: list[str], theme: str, directory_urls: bool
) -> None:
    """The site is complete with Material and with the built-in theme (theme-agnostic)."""
    before = _digest(sample_repo)
    overrides: dict[str, object] = {"use_directory_urls": directory_urls}
    if theme == "mkdocs":
        overrides["theme"] = {"name": "mkdocs", "highlightjs": False}
    site = _build(sample_repo, **overrides)
    assert mkdocs_warnings == []
    assert _digest(sample_repo) == before, "a build must never change a source file"
    page = "index.html" if directory_urls else ""
    expected = [
        "index.html",
        f"reviews/{page or 'index.html'}",
        "reviews/sample-child-kestrel/" + (page or "index.html"),
        "reviews/sample-child-kestrel/qm05/index.html"
        if directory_urls
        else "reviews/sample-child-kestrel/qm05.html",
        "markers/" + (page or "index.html"),
        "themes/neglect/index.html" if directory_urls else "themes/neglect.html",
        "actions/" + (page or "index.html"),
    ]
    for path in expected:
        assert (site / path).is_file(), path


def test_drafts_and_private_values_leave_no_trace(sample_repo: Path) -> None:
    site = _build(sample_repo)
    output = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    # The search index is compressed: it is read as the browser reads it, too.
    output += index_text(site).encode("utf-8")
    assert b"Kestrel" in output
    for needle in (b"sample-infant-plover", b"Infant Plover", b"Plover", b"FICTIONAL-0"):
        assert needle not in output


@pytest.mark.expected_warnings(
    r"reviews/one/index\.md:3:9: error: .* \[schema-enum\]$",
    r"reviews/two/index\.md:8:12: error: .* \[vocabulary\]$",
    r"^review-records: 2 error\(s\) in the records; nothing was built$",
)
def test_errors_fail_the_build_with_every_problem_listed(
    repo: Repo, mkdocs_warnings: list[str]
) -> None:
    repo.add_review("one", index=REVIEW.replace("status: in-progress", "status: draf"))
    repo.add_review("two", index=REVIEW.replace("[police]", "[polise]"))
    with pytest.raises((PluginError, Abort)):
        _build(repo.root)
    problems = [m for m in mkdocs_warnings if "error:" in m]
    assert problems == [
        "review_records: reviews/one/index.md:3:9: error: 'draf' is not allowed for status; "
        "use one of: draft, in-progress, completed, published; did you mean 'draft'? [schema-enum]",
        "review_records: reviews/two/index.md:8:12: error: 'polise' is not a known agency in "
        "schema/vocabulary.yml; did you mean 'police'? [vocabulary]",
    ]
    assert not (repo.root / "site" / "index.html").exists()


def test_properdocs_builds_the_samples(sample_repo: Path) -> None:
    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    assert properdocs, "properdocs is a test dependency"
    result = subprocess.run(
        [properdocs, "build", "--strict", "-f", "mkdocs.yml", "-d", "site"],
        cwd=sample_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "review_records: checked 72 files: no problems" in result.stderr
    assert (
        sample_repo / "site" / "reviews" / "sample-child-kestrel" / "qm18" / "index.html"
    ).is_file()
