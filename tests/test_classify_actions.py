"""National classification (incident, age band, harm types) and action plans that can be
assured (#14, parts 4 and 5): schema, checks at their lines, model, pages and export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import jsonschema
import pytest

from conftest import ANSWER, ROOT, Repo, build_site
from review_records.check.checker import Checker
from review_records.edit.fmt import format_text, record_orders
from review_records.edit.scaffold import scaffold_review
from review_records.model.classification import assurance_due, is_overdue, needs_impact
from review_records.model.collection import Action
from review_records.settings import settings_from_mkdocs_yml
from support.command import run_review_records

CLASSIFIED = """\
---
title: Child Test (fictional)
status: in-progress
review_type: lcspr
partnership: Testshire Safeguarding Children Partnership (fictional)
commissioned_on: 2025-01-10
themes: [neglect]
agencies: [police]
incident: serious-harm
age_band: under-1
harm_types: [physical-abuse, neglect]
findings:
  - title: Bruising in a non-mobile baby was not escalated
    detail: A fictional finding.
---

A fictional review for tests.
"""

ASSURED = """\
---
judgement: partly-met
questions:
  q1: partly
actions:
  - action: Adopt the bruising protocol across agencies
    owner: Named nurse for safeguarding
    lead_agency: health-visiting
    finding: Bruising in a non-mobile baby was not escalated
    due: 2025-06-30
    revised_due: 2025-09-30
    revised_reason: The protocol waited for sign-off by the partnership executive.
    status: complete
    progress:
      - on: 2025-05-01
        note: Draft protocol shared with the subgroup.
    evidence_of_completion: Protocol issued to all agencies in September 2025.
    assured_on: 2025-10-15
    assured_by: Learning and improvement subgroup
    next_assurance_on: 2026-04-15
  - action: Train front-door staff in the protocol
    owner: Training lead
    due: 2025-12-31
    status: not-implemented
    reason: Replaced by the regional training programme.
  - action: Kept from an earlier record
    owner: Partnership business manager
    due: 2030-01-31
    status: open
---
"""


def _line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[nth]


def test_classified_review_and_assured_actions_are_valid(repo: Repo) -> None:
    repo.add_review(index=CLASSIFIED, qm01=ASSURED)
    result = repo.check()
    assert result.problems == []
    review = result.collection.reviews["child-test"]
    assert (review.incident, review.age_band) == ("serious-harm", "under-1")
    assert review.harm_types == ["physical-abuse", "neglect"]
    first, second, third = review.answers[1].actions
    assert first.lead_agency == "health-visiting"
    assert first.revised_due == "2025-09-30"
    assert [(note.on, note.note) for note in first.progress] == [
        ("2025-05-01", "Draft protocol shared with the subgroup.")
    ]
    assert first.assured_by == "Learning and improvement subgroup"
    assert second.reason == "Replaced by the regional training programme."
    assert third.status == "open" and third.finding is None


def test_records_without_the_new_fields_stay_valid(repo: Repo) -> None:
    repo.add_review(qm01=ANSWER)
    assert repo.problems() == []


def test_bad_classification_values_are_errors_at_their_lines(repo: Repo) -> None:
    index = CLASSIFIED.replace("incident: serious-harm", "incident: serious").replace(
        "age_band: under-1", "age_band: 0-1"
    )
    repo.add_review(index=index)
    problems = repo.check().problems
    assert [(p.line, p.rule) for p in problems] == [
        (_line_of(index, "incident:"), "schema-enum"),
        (_line_of(index, "age_band:"), "schema-enum"),
    ]
    assert "did you mean 'serious-harm'?" in problems[0].message
    assert "use one of: unborn, under-1, 1-5, 6-10, 11-15, 16-17, unknown" in problems[1].message


def test_unknown_harm_type_is_an_error_at_its_item(repo: Repo) -> None:
    index = CLASSIFIED.replace("[physical-abuse, neglect]", "\n  - physical-abuse\n  - neglekt")
    repo.add_review(index=index)
    problems = repo.check().problems
    assert [(p.line, p.rule) for p in problems] == [(_line_of(index, "- neglekt"), "vocabulary")]
    assert "'neglekt' is not a known harm type in schema/vocabulary.yml" in problems[0].message
    assert "did you mean 'neglect'?" in problems[0].message


def test_not_implemented_without_reason_is_an_error_at_its_status(repo: Repo) -> None:
    answer = ASSURED.replace("    reason: Replaced by the regional training programme.\n", "")
    repo.add_review(index=CLASSIFIED, qm01=answer)
    problems = repo.check().problems
    assert [(p.line, p.rule) for p in problems] == [
        (_line_of(answer, "status: not-implemented"), "action-reason")
    ]
    assert "needs a reason" in problems[0].message


def test_revised_due_and_revised_reason_go_together(repo: Repo) -> None:
    no_reason = ASSURED.replace(
        "    revised_reason: The protocol waited for sign-off by the partnership executive.\n", ""
    )
    no_date = ASSURED.replace("    revised_due: 2025-09-30\n", "")
    repo.add_review(index=CLASSIFIED, qm01=no_reason, qm02=no_date)
    problems = repo.check().problems
    assert [(p.path.rsplit("/", 1)[1], p.line, p.rule) for p in problems] == [
        ("qm01.md", _line_of(no_reason, "revised_due:"), "action-revised"),
        ("qm02.md", _line_of(no_date, "revised_reason:"), "action-revised"),
    ]
    assert "'revised_due' needs 'revised_reason'" in problems[0].message


def test_action_checks_run_beside_schema_errors_in_the_same_file(repo: Repo) -> None:
    answer = ASSURED.replace(
        "    reason: Replaced by the regional training programme.\n", ""
    ).replace("assured_on: 2025-10-15", "assured_on: 15/10/2025")
    repo.add_review(index=CLASSIFIED, qm01=answer)
    found = [(p.line, p.rule) for p in repo.check().problems]
    assert found == [
        (_line_of(answer, "assured_on:"), "schema-format"),
        (_line_of(answer, "status: not-implemented"), "action-reason"),
    ]


def test_unknown_finding_and_lead_agency_are_errors_at_their_lines(repo: Repo) -> None:
    answer = ASSURED.replace(
        "finding: Bruising in a non-mobile baby was not escalated",
        "finding: Bruising in a non-mobile baby was not escalate",
    ).replace("lead_agency: health-visiting", "lead_agency: health-visitors")
    repo.add_review(index=CLASSIFIED, qm01=answer)
    problems = repo.check().problems
    assert [(p.line, p.rule) for p in problems] == [
        (_line_of(answer, "lead_agency:"), "vocabulary"),
        (_line_of(answer, "finding:"), "action-finding"),
    ]
    assert "did you mean 'health-visiting'?" in problems[0].message
    assert "did you mean 'Bruising in a non-mobile baby was not escalated'?" in problems[1].message


def test_finding_in_a_review_without_findings_says_so(repo: Repo) -> None:
    index = CLASSIFIED.split("findings:")[0] + "---\n"
    repo.add_review(index=index, qm01=ASSURED)
    problems = repo.check().problems
    assert [p.rule for p in problems] == ["action-finding"]
    assert "it has no findings yet" in problems[0].message


def test_bad_action_values_are_schema_errors_at_their_lines(repo: Repo) -> None:
    answer = (
        ASSURED.replace("status: complete", "status: finished")
        .replace("next_assurance_on: 2026-04-15", "next_assurance_on: soon")
        .replace("      - on: 2025-05-01\n", "      - when: 2025-05-01\n")
    )
    repo.add_review(index=CLASSIFIED, qm01=answer)
    found = {(p.line, p.rule) for p in repo.check().problems}
    assert found == {
        (_line_of(answer, "status: finished"), "schema-enum"),
        (_line_of(answer, "next_assurance_on:"), "schema-format"),
        (_line_of(answer, "- when:"), "schema-unknown-key"),
        (_line_of(answer, "- when:"), "schema-required"),
    }


def test_a_vocabulary_without_harm_types_is_still_valid(repo: Repo) -> None:
    vocabulary = repo.root / "schema" / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.split("\nharm_types:")[0] + "\n", encoding="utf-8")
    repo.add_review(qm01=ANSWER)
    assert repo.problems() == []
    repo.add_review(index=CLASSIFIED, qm01=ANSWER)
    assert [rule for _, _, rule in repo.problems()] == ["vocabulary", "vocabulary"]


def _action(status: str, due: str, revised: str | None = None, **more: str) -> Action:
    reason = "Agreed at the subgroup." if revised else None
    return Action("A fictional action", "A role", due, status, revised_due=revised,
                  revised_reason=reason, **more)  # fmt: skip


def test_overdue_is_past_revised_due_else_past_due() -> None:
    build = dt.date(2026, 3, 10)
    assert is_overdue(_action("on-track", "2026-03-09"), build)
    assert not is_overdue(_action("on-track", "2026-03-10"), build)  # due today: not yet
    # Revised past the build date: no longer overdue, though the first due date passed.
    assert not is_overdue(_action("at-risk", "2026-01-31", "2026-03-31"), build)
    # Revised, and the revised date has passed too.
    assert is_overdue(_action("at-risk", "2026-01-31", "2026-03-09"), build)
    # Revised to a date before the original: the revised date still rules.
    assert is_overdue(_action("open", "2026-12-31", "2026-02-28"), build)
    for closed in ("done", "complete", "embedded", "not-implemented"):
        assert not is_overdue(_action(closed, "2020-01-01"), build)
    for still_open in ("open", "not-started", "on-track", "at-risk"):
        assert is_overdue(_action(still_open, "2020-01-01"), build)


def test_needs_impact_and_assurance_due() -> None:
    build = dt.date(2026, 3, 10)
    assert needs_impact(_action("complete", "2026-01-01"))
    assert not needs_impact(_action("complete", "2026-01-01", evidence_of_impact="An audit."))
    assert not needs_impact(_action("embedded", "2026-01-01"))
    assert assurance_due(_action("complete", "2026-01-01", next_assurance_on="2026-03-09"), build)
    assert not assurance_due(
        _action("complete", "2026-01-01", next_assurance_on="2026-03-10"), build
    )
    assert not assurance_due(_action("complete", "2026-01-01"), build)


def _epoch(day: str) -> str:
    moment = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    return str(int(moment.timestamp()))


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start)
    return page[start : end if end != -1 else None]


def test_revised_due_decides_overdue_on_either_side_of_the_build_date(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Due 2025-06-30, revised to 2025-09-30: not overdue on 30 September, overdue on 1 October."""
    answer = ASSURED.replace("status: complete", "status: on-track")
    repo.add_review(index=CLASSIFIED, qm01=answer)
    seen = {}
    for day in ("2025-09-30", "2025-10-01"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(day))
        site = build_site(repo.root, site_name=f"site-{day}")
        page = (site / "actions" / "index.html").read_text(encoding="utf-8")
        seen[day] = _section(page, "overdue")
    assert "Adopt the bruising protocol" not in seen["2025-09-30"]
    assert "Adopt the bruising protocol" in seen["2025-10-01"]
    assert "2025-09-30 (revised from 2025-06-30)" in seen["2025-10-01"]
    # The action kept from an earlier record is due in 2030 and is open: never overdue here.
    assert "Kept from an earlier record" not in seen["2025-10-01"]


def test_pages_show_classification_facets_breakdowns_and_assurance_flags(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-05-01"))
    repo.add_review(index=CLASSIFIED, qm01=ASSURED)
    repo.add_review("child-plain", qm01=ANSWER)
    site = build_site(repo.root)

    listing = (site / "reviews" / "index.html").read_text(encoding="utf-8")
    rows = listing.split("<tr ")[1:]
    row = next(line for line in rows if 'href="child-test/"' in line)
    assert 'data-incident="serious-harm"' in row
    assert 'data-age-band="under-1"' in row
    assert 'data-harm-types="physical-abuse neglect"' in row
    plain = next(line for line in rows if 'href="child-plain/"' in line)
    assert 'data-incident=""' in plain and 'data-harm-types=""' in plain
    assert "data-labels-harm-types=" in listing and "Sudden unexpected death" in listing
    assert 'data-order-age-band="unborn under-1 1-5 6-10 11-15 16-17 unknown"' in listing
    script = (site / "assets" / "review-records" / "review-records.js").read_text("utf-8")
    assert '["harm-types", "Harm type", true]' in script

    home = (site / "index.html").read_text(encoding="utf-8")
    board = _section(home, "reviews-by-national-classification")
    assert "<td>Serious harm</td>\n<td>1</td>" in board
    assert "<td>Under 1</td>\n<td>1</td>" in board
    assert "<td>Not recorded</td>\n<td>1</td>" in board

    actions = (site / "actions" / "index.html").read_text(encoding="utf-8")
    impact = _section(actions, "complete-without-evidence-of-impact")
    assert "Adopt the bruising protocol across agencies" in impact
    assert "Protocol issued to all agencies" in impact
    assurance = _section(actions, "assurance-due")
    assert "Adopt the bruising protocol" in assurance and "2026-04-15" in assurance
    assert "Learning and improvement subgroup" in assurance
    assert "⏰ Assurance due since 2026-04-15" in actions
    assert 'id="health-visiting-complete"' in actions  # grouped by status, then lead agency
    assert 'id="no-lead-agency-recorded-not-implemented"' in actions
    by_agency = _section(actions, "by-lead-agency")
    assert (
        '<a href="../agencies/health-visiting/">Health visiting</a></td>\n<td>1</td>' in by_agency
    )
    # Each action is listed once, under its state and lead agency.
    assert actions.count("Kept from an earlier record") == 1
    assert actions.count("Update the referral form") == 1

    answer = (site / "reviews" / "child-test" / "qm01" / "index.html").read_text("utf-8")
    assert "Progress, 2025-05-01:</strong> Draft protocol shared with the subgroup." in answer
    assert "Assured by:</strong> Learning and improvement subgroup" in answer
    assert "Replaced by the regional training programme." in answer
    review = (site / "reviews" / "child-test" / "index.html").read_text(encoding="utf-8")
    assert "Physical abuse (including non-accidental injury), Neglect" in review


def test_export_csv_actions_writes_the_action_plan(repo: Repo) -> None:
    repo.add_review(index=CLASSIFIED, qm01=ASSURED, qm02=ANSWER)
    result = run_review_records(repo.root, "export", "--format", "csv", "--actions")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "review_id", "review_title", "marker", "action", "owner", "lead_agency", "finding",
        "due", "revised_due", "revised_reason", "status", "reason", "progress",
        "evidence_of_completion", "evidence_of_impact", "assured_on", "assured_by",
        "next_assurance_on",
    ]  # fmt: skip
    assert [(row["marker"], row["status"]) for row in rows] == [
        ("qm01", "complete"),
        ("qm01", "not-implemented"),
        ("qm01", "open"),
        ("qm02", "open"),
    ]
    first = rows[0]
    assert first["review_id"] == "child-test"
    assert first["lead_agency"] == "health-visiting"
    assert first["finding"] == "Bruising in a non-mobile baby was not escalated"
    assert (first["due"], first["revised_due"]) == ("2025-06-30", "2025-09-30")
    assert first["progress"] == "2025-05-01: Draft protocol shared with the subgroup."
    assert first["evidence_of_impact"] == ""
    assert first["assured_by"] == "Learning and improvement subgroup"
    assert rows[1]["reason"] == "Replaced by the regional training programme."


def test_export_csv_actions_refuses_what_export_refuses(repo: Repo) -> None:
    repo.add_review(index=CLASSIFIED, qm01=ASSURED)
    json_actions = run_review_records(repo.root, "export", "--actions")
    assert json_actions.returncode == 2
    assert "--actions writes the action plan as CSV" in json_actions.stderr
    inside = run_review_records(
        repo.root, "export", "--format", "csv", "--actions", "-o", "reviews/plan.csv"
    )
    assert inside.returncode == 2 and "inside reviews/" in inside.stderr
    assert not (repo.root / "reviews" / "plan.csv").exists()
    written = run_review_records(
        repo.root, "export", "--format", "csv", "--actions", "-o", "plan.csv"
    )
    assert written.returncode == 0, written.stderr
    assert "wrote 3 action(s) to plan.csv" in written.stderr
    assert (repo.root / "plan.csv").read_text(encoding="utf-8").startswith("review_id,")


def test_export_never_replaces_a_file_unless_forced(repo: Repo) -> None:
    repo.add_review(index=CLASSIFIED, qm01=ASSURED)
    mine = repo.write("plan.csv", "my own notes (fictional)\n")
    again = run_review_records(repo.root, "export", "--format", "csv", "-o", "plan.csv")
    assert again.returncode == 2
    assert "plan.csv exists; nothing written (add --force to replace it)" in again.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes (fictional)\n"
    forced = run_review_records(repo.root, "export", "--format", "csv", "-o", "plan.csv", "--force")
    assert forced.returncode == 0, forced.stderr
    assert mine.read_text(encoding="utf-8").startswith("id,title,")


def test_export_csv_actions_cells_cannot_become_formulas(repo: Repo) -> None:
    answer = ASSURED.replace("owner: Training lead", 'owner: "=1+1 (fictional)"')
    repo.add_review(index=CLASSIFIED, qm01=answer)
    result = run_review_records(repo.root, "export", "--format", "csv", "--actions")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[1]["owner"] == "'=1+1 (fictional)"


def test_export_carries_the_classification(repo: Repo) -> None:
    repo.add_review(index=CLASSIFIED, qm01=ASSURED)
    repo.add_review("child-plain", qm01=ANSWER)
    data = json.loads(run_review_records(repo.root, "export").stdout)
    schema = json.loads((ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    test, plain = data["reviews"][1], data["reviews"][0]
    assert (test["incident"], test["age_band"]) == ("serious-harm", "under-1")
    assert test["harm_types"] == ["neglect", "physical-abuse"]
    assert (plain["incident"], plain["age_band"], plain["harm_types"]) == (None, None, [])
    rows = list(
        csv.DictReader(
            io.StringIO(run_review_records(repo.root, "export", "--format", "csv").stdout)
        )
    )
    assert list(rows[0])[:14] == [
        "id", "title", "status", "review_type", "partnership", "commissioned_on",
        "completed_on", "published_on", "themes", "agencies", "related",
        "incident", "age_band", "harm_types",
    ]  # fmt: skip
    assert rows[1]["harm_types"] == "neglect;physical-abuse"
    assert rows[0]["incident"] == ""


ORDERS = record_orders(ROOT / "schema")


def test_fmt_puts_action_and_classification_keys_in_schema_order() -> None:
    shuffled = """\
---
judgement: met
actions:
  - next_assurance_on: 2026-04-15
    status: complete
    action: Adopt the protocol
    assured_by: Learning and improvement subgroup  # a group, not a name
    progress:
      - note: Draft shared.
        on: 2025-05-01
    revised_reason: Waited for sign-off.
    due: 2025-06-30
    owner: Named nurse
    revised_due: 2025-09-30
    lead_agency: health-visiting
---
"""
    result = format_text("qm01.md", shuffled, ORDERS["answer"])
    assert result.problems == []
    assert result.text is not None
    keys = [
        line.strip().removeprefix("- ").split(":")[0]
        for line in result.text.splitlines()
        if line.startswith(("    ", "  - "))
    ]
    assert keys == [
        "action", "owner", "lead_agency", "due", "revised_due", "revised_reason", "status",
        "progress", "on", "note", "assured_by", "next_assurance_on",
    ]  # fmt: skip
    assert "assured_by: Learning and improvement subgroup  # a group, not a name" in result.text
    index = CLASSIFIED.replace("incident: serious-harm\n", "").replace(
        "themes: [neglect]\n", "themes: [neglect]\nincident: serious-harm\n"
    )
    result = format_text("index.md", index, ORDERS["review"])
    assert result.text is not None
    order = [line.split(":")[0] for line in result.text.splitlines() if line[:1].isalpha()]
    assert order[order.index("agencies") :][:5] == [
        "agencies", "incident", "age_band", "harm_types", "findings",
    ]  # fmt: skip


def test_new_scaffolds_every_new_field_as_a_comment(repo: Repo) -> None:
    settings = settings_from_mkdocs_yml(repo.root / "mkdocs.yml")
    markers = Checker(settings).run().collection.markers
    index, *answers = scaffold_review(repo.root / "reviews", "child-new", markers, title="X")
    text = index.read_text(encoding="utf-8")
    for key in ("incident", "age_band", "harm_types"):
        assert f"\n# {key}: " in text
    action = json.loads((ROOT / "schema" / "marker-answer.schema.json").read_text("utf-8"))
    fields = list(action["$defs"]["action"]["properties"])
    qm04 = answers[3].read_text(encoding="utf-8")
    commented = [
        line.removeprefix("#").strip().removeprefix("- ").split(":")[0]
        for line in qm04.splitlines()
        if line.startswith("#   ")
    ]
    assert [key for key in commented if key in fields] == fields
    assert Checker(settings).run().problems == []
