"""``review-records pdf``: board papers made with the real WeasyPrint, read back with pdftotext.

Nothing is mocked: the samples (or a tiny repository) are checked, the paper is
rendered, and what a reader would see is read with poppler's ``pdftotext``
(installed by ``scripts/install_pdf_libs.sh``), apart from the checks of the
PDF's structure, which read it with pypdf.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from conftest import ANSWER, REVIEW, Repo
from review_records.cli import main
from review_records.safety.denylist import normalise
from support.templates import use_templates

HERON = "sample-child-heron"
#: An answer's note in the sample (reviews/sample-child-heron/qm03.md, q2).
HERON_NOTE = "No written rationale was sent to members."
#: The sample's private values (reviews/sample-child-heron/index.md, lines 90 and 91).
HERON_PRIVATE = ("FICTIONAL-0002", "fictional reviewer note")


def pdf(root: Path, *args: str) -> tuple[int, str]:
    """Run ``review-records pdf`` on the repository at ``root``: (exit code, all output)."""
    result = CliRunner().invoke(
        main, ["pdf", "-f", str(root / "mkdocs.yml"), *args], catch_exceptions=False
    )
    return result.exit_code, result.output


def pdftotext(path: Path) -> str:
    """The text of the PDF as poppler reads it."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def words(text: str) -> str:
    """Text as the denylist compares it: a table cell's line breaks do not matter."""
    return normalise(text)


def letters(text: str) -> str:
    """Only letters and digits: pdftotext joins a word hyphenated at a line's end."""
    return "".join(normalise(text).split())


@pytest.fixture(scope="module")
def heron_paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample review Heron as a paper, made once for the tests that only read it."""
    from conftest import ROOT

    out = tmp_path_factory.mktemp("paper") / "heron.pdf"
    assert pdf(ROOT, HERON, "-o", str(out))[0] == 0
    return out


def test_paper_shows_the_review_and_its_answers_but_no_private_value(heron_paper: Path) -> None:
    text = pdftotext(heron_paper)
    assert "Child Heron (fictional sample)" in text
    assert words(HERON_NOTE) in words(text)
    for section in ("Scorecard", "Timeline", "Clocks", "Findings", "Answers", "Actions"):
        assert section in text
    for value in HERON_PRIVATE:
        assert words(value) not in words(text)
    assert "Dashboard" not in text  # no site navigation


def test_paper_is_tagged_with_title_and_language(heron_paper: Path) -> None:
    reader = pypdf.PdfReader(io.BytesIO(heron_paper.read_bytes()))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == "Child Heron (fictional sample): case review"
    # Links to the site's pages lead nowhere in a PDF: none is left as a link.
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            target = annotation.get_object()["/A"]["/URI"]
            assert target.startswith(("http:", "https:", "mailto:"))


def test_paper_is_the_same_bytes_for_the_same_day(
    sample_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    first, second = sample_repo / "a.pdf", sample_repo / "b.pdf"
    assert pdf(sample_repo, "sample-siblings-wren", "-o", str(first))[0] == 0
    assert pdf(sample_repo, "sample-siblings-wren", "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert "2026-01-02" in pdftotext(first)


def test_action_plan_has_every_action_of_every_published_review(sample_repo: Path) -> None:
    from review_records.check.checker import Checker
    from review_records.settings import settings_from_mkdocs_yml

    out = sample_repo / "actions.pdf"
    code, output = pdf(sample_repo, "--actions", "-o", str(out))
    assert code == 0, output
    text = letters(pdftotext(out))
    collection = Checker(settings_from_mkdocs_yml(sample_repo / "mkdocs.yml")).run().collection
    published = collection.published_view(include_drafts=False).reviews.values()
    actions = [a.action for r in published for answer in r.answers.values() for a in answer.actions]
    assert len(actions) > 5
    for action in actions:
        assert letters(action) in text
    drafts = [r for r in collection.reviews.values() if r.is_draft]
    assert drafts and all(letters(r.title) not in text for r in drafts)


def test_draft_is_refused_without_include_drafts(sample_repo: Path) -> None:
    out = sample_repo / "plover.pdf"
    code, output = pdf(sample_repo, "sample-infant-plover", "-o", str(out))
    assert code == 2
    assert "is a draft" in output and "--include-drafts" in output
    assert not out.exists()
    code, output = pdf(sample_repo, "sample-infant-plover", "-o", str(out), "--include-drafts")
    assert code == 0, output
    assert "Infant Plover" in pdftotext(out)


def test_existing_file_is_never_overwritten_without_force(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER)
    out = tmp_path / "board.pdf"
    out.write_bytes(b"the board's own paper\n")
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 2
    assert "exists" in output and "--force" in output
    assert out.read_bytes() == b"the board's own paper\n"
    assert list(tmp_path.glob(".board.pdf*")) == []
    code, output = pdf(repo.root, "child-test", "-o", str(out), "--force")
    assert code == 0, output
    assert out.read_bytes().startswith(b"%PDF-")


def test_hostile_title_is_literal_text(repo: Repo, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
    repo.add_review(index=REVIEW.replace("Child Test (fictional)", f"'{hostile}'"), qm01=ANSWER)
    out = tmp_path / "hostile.pdf"
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 0, output
    text = pdftotext(out)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text


def test_denylisted_term_in_a_record_refuses_the_paper(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    denylist = tmp_path / "denylist.txt"
    denylist.write_text("# fictional\nQuillfeather\n", encoding="utf-8")
    monkeypatch.setenv("REVIEW_RECORDS_DENYLIST", str(denylist))
    repo.add_review(qm01=ANSWER.replace("Discussed at the panel.", "Seen by Quillfeather."))
    out = tmp_path / "denied.pdf"
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 1
    assert "reviews/child-test/qm01.md:" in output and "denylist (its line 2)" in output
    assert "Quillfeather" not in output
    assert not out.exists()


def test_private_value_in_a_template_refuses_the_paper_naming_where_it_is(
    repo: Repo, tmp_path: Path
) -> None:
    index = REVIEW.replace("themes:", "private:\n  case_reference: FICTIONAL-7731\nthemes:")
    repo.add_review(index=index, qm01=ANSWER)
    # A careless override that copies the case reference into every paper.
    use_templates(
        repo.root,
        {
            "pdf-review.html": '{% extends "default/pdf-review.html" %}'
            "{% block content %}<p>Ref FICTIONAL-7731</p>{{ super() }}{% endblock %}"
        },
    )
    out = tmp_path / "leak.pdf"
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 1
    assert "reviews/child-test/index.md:8:" in output and "[paper-private-value]" in output
    assert not out.exists()


def test_text_hidden_from_the_html_scan_is_caught_in_the_pdf(repo: Repo, tmp_path: Path) -> None:
    index = REVIEW.replace("themes:", "private:\n  case_reference: FICTIONAL-7731\nthemes:")
    repo.add_review(index=index, qm01=ANSWER)
    # A CSS escape spells the value only once the PDF is laid out: the HTML never holds it.
    use_templates(repo.root, {"pdf.css": 'h1::after { content: " \\46 ICTIONAL-7731"; }\n'})
    out = tmp_path / "leak.pdf"
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 1, output
    assert "leak.pdf (page 1)" in output and "reviews/child-test/index.md:8:" in output
    assert not out.exists()


def test_script_in_a_template_refuses_the_paper(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER)
    use_templates(
        repo.root,
        {
            "pdf-actions.html": '{% extends "default/pdf-actions.html" %}'
            "{% block content %}<script>alert(1)</script>{{ super() }}{% endblock %}"
        },
    )
    out = tmp_path / "actions.pdf"
    code, output = pdf(repo.root, "--actions", "-o", str(out))
    assert code == 1
    assert "[published-script]" in output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-review",), "there is no review 'no-such-review' in reviews/"),
        (("child-tset",), "did you mean 'child-test'?"),
        (("child-test", "--actions"), "give either REVIEW_ID or --actions"),
        ((), "give either REVIEW_ID or --actions"),
    ],
)
def test_bad_requests_are_clear_errors(
    repo: Repo, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    repo.add_review(qm01=ANSWER)
    out = tmp_path / "x.pdf"
    code, output = pdf(repo.root, *args, "-o", str(out))
    assert code == 2
    assert message in output and "Traceback" not in output
    assert not out.exists()


def test_paper_is_never_written_into_the_records(repo: Repo) -> None:
    repo.add_review(qm01=ANSWER)
    out = repo.root / "reviews" / "child-test" / "paper.pdf"
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 2
    assert "inside reviews/" in output
    assert not out.exists()


def test_broken_records_are_reported_by_file_and_line(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER.replace("judgement: met", "judgement: mett"))
    out = tmp_path / "x.pdf"
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 1
    assert "reviews/child-test/qm01.md:2:" in output and "no PDF written" in output
    assert not out.exists()


def test_a_paper_fetches_nothing(repo: Repo, tmp_path: Path) -> None:
    repo.add_review(qm01=ANSWER)
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"not an image")
    use_templates(repo.root, {"pdf.css": f"h1 {{ background: url('{outside.as_uri()}'); }}\n"})
    out = tmp_path / "fetch.pdf"
    code, output = pdf(repo.root, "child-test", "-o", str(out))
    assert code == 1
    assert "a paper fetches nothing" in output and "[paper-refused]" in output
    assert not out.exists()


def test_answers_headings_nest_under_the_answer(sample_repo: Path) -> None:
    """The paper's outline (and a screen reader's) keeps each answer's notes under it."""
    import datetime as dt
    import re

    from review_records.check.checker import Checker
    from review_records.pages.papers import review_paper
    from review_records.pages.sitemodel import SiteModel
    from review_records.settings import settings_from_mkdocs_yml

    collection = Checker(settings_from_mkdocs_yml(sample_repo / "mkdocs.yml")).run().collection
    site = SiteModel.build(
        collection, include_drafts=False, today=dt.date(2026, 1, 2), target_months=6
    )
    document = review_paper(site, collection.reviews[HERON])
    answers = document[document.index('<section class="answers">') :]
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", answers)]
    assert levels[0] == 2 and levels.count(2) == 1  # "Answers", then every answer below it
    assert min(levels[1:]) == 3 and levels.count(3) == len(collection.reviews[HERON].answers)
