"""The clocks of #14: working days counted by hand, every status, the rules file, the checks.

Every expected date below was counted on a calendar by hand (the count is in the
comment beside it), not worked out by the code under test. England's bank
holidays used: Christmas Day and Boxing Day (with their substitute days), New
Year's Day, Good Friday, Easter Monday, the May and August bank holidays.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, Repo, build_site
from review_records.model.clocks import add_months, england, review_clocks
from review_records.pages.export import export_data, to_csv

D = dt.date.fromisoformat
IDX = "reviews/child-test/index.md"


# ---------------------------------------------------------------------------
# Working days and calendar months, by hand.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Thu 5 Jun 2025: Fri 6 (1), weekend, Mon 9 .. Thu 12 (2-5).
        ("2025-06-05", 5, "2025-06-12"),
        # Fri: the start day is not counted; Mon 2 .. Fri 6 Jun 2025.
        ("2025-05-30", 5, "2025-06-06"),
        # Mon 22 Dec 2025: 23, 24 (2), Christmas and Boxing Day, weekend, 29, 30, 31 (5).
        ("2025-12-22", 5, "2025-12-31"),
        # ... then New Year's Day, Fri 2 Jan (6), 5-9 (11), 12-15 (15).
        ("2025-12-22", 15, "2026-01-15"),
        # Wed 23 Dec 2026: 24 (1), Christmas Fri 25, weekend, Boxing Day moved to Mon 28,
        # 29, 30, 31 (4), New Year's Day Fri 1 Jan 2027, weekend, Mon 4 Jan (5).
        ("2026-12-23", 5, "2027-01-04"),
        # Wed 1 Apr 2026: Thu 2 (1), Good Friday 3, weekend, Easter Monday 6, 7-10 (5).
        ("2026-04-01", 5, "2026-04-10"),
        # Wed 16 Apr 2025: Thu 17 (1), Good Friday 18, weekend, Easter Monday 21,
        # 22-25 (5), 28-30 (8), 1-2 May (10), May bank holiday 5, 6-9 (14), Mon 12 (15).
        ("2025-04-16", 15, "2025-05-12"),
        # Fri 27 Mar 2026: 30, 31, 1, 2 Apr (4), Good Friday, weekend, Easter Monday, 7-9 (7).
        ("2026-03-27", 7, "2026-04-09"),
        # Wed 20 Aug 2025: 21, 22 (2), weekend, August bank holiday Mon 25, 26-28 (5).
        ("2025-08-20", 5, "2025-08-28"),
    ],
)
def test_working_days_counted_by_hand(start: str, days: int, due: str) -> None:
    assert england().add(D(start), days) == D(due)


def test_working_days_left_counted_by_hand() -> None:
    # After Mon 20 Apr 2026 to Sun 26 Jul 2026: April 21-30 (8), May (21 weekdays less
    # the two bank holidays: 19), June (22), July 1-24 (18).
    assert england().between(D("2026-04-20"), D("2026-07-26")) == 8 + 19 + 22 + 18
    assert england().between(D("2026-04-20"), D("2026-04-20")) == 0
    assert england().between(D("2026-04-02"), D("2026-04-07")) == 1  # Easter in between


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        ("2025-01-15", 6, "2025-07-15"),  # the same day of the month
        ("2025-08-31", 6, "2026-02-28"),  # February is shorter: its last day
        ("2023-08-31", 6, "2024-02-29"),  # ... in a leap year
        ("2025-10-31", 6, "2026-04-30"),  # a 30-day month
        ("2025-09-30", 4, "2026-01-30"),  # into the next year
    ],
)
def test_calendar_months(start: str, months: int, due: str) -> None:
    assert add_months(D(start), months) == D(due)


# ---------------------------------------------------------------------------
# Records someone else wrote: their clocks in the export, on a fixed build date.
# ---------------------------------------------------------------------------

TODAY = D("2026-04-20")


def review(title: str, review_type: str, status: str, *lines: str) -> str:
    head = [
        "---",
        f"title: {title} (fictional)",
        f"status: {status}",
        f"review_type: {review_type}",
        "partnership: Testshire Safeguarding Children Partnership (fictional)",
    ]
    return "\n".join([*head, *lines, "---", "", "A fictional review for tests.", ""])


REVIEWS = {
    # Christmas 2025: notified on the 5th working day (met); the rapid review a day
    # late (due Thu 22 Jan: New Year's Day, 2 Jan (1), 5-9 (6), 12-16 (11), 19-22
    # (15)); publication due 26 Jul 2026 and still running.
    "child-alpha": review(
        "Child Alpha",
        "lcspr",
        "in-progress",
        "aware_on: 2025-12-22",
        "notified_on: 2025-12-31",
        "rapid_review_sent_on: 2026-01-23",
        "decision_on: 2026-01-26",
        "decision: lcspr",
        "commissioned_on: 2026-02-02",
    ),
    # Published after Easter 2026: the Panel had the report on the 7th working day
    # before (met); publication due 28 Feb 2026, 6 months from 31 August (missed).
    "child-beta": review(
        "Child Beta",
        "lcspr",
        "published",
        "aware_on: 2025-06-05",
        "notified_on: 2025-06-12",
        # Thu 12 Jun 2025: 13 (1), 16-20 (6), 23-27 (11), 30 Jun, 1-3 Jul (15).
        "rapid_review_sent_on: 2025-07-03",
        "decision_on: 2025-08-31",
        "decision: lcspr",
        "commissioned_on: 2025-09-15",
        "completed_on: 2026-03-20",
        "sent_to_panel_on: 2026-03-27",
        "published_on: 2026-04-09",
    ),
    # Aware on Mon 13 Apr 2026, due Mon 20 Apr (14-17, 20): due today, 0 days left.
    # No notification yet, so the rapid review has no start; no further review.
    "child-gamma": review(
        "Child Gamma",
        "rapid-review",
        "in-progress",
        "aware_on: 2026-04-13",
        "decision_on: 2026-04-16",
        "decision: no-further-review",
        "commissioned_on: 2026-04-14",
    ),
    # Notified a day late (due Mon 8 Sep 2025: 2-5, 8); the rapid review never sent
    # (due Tue 30 Sep: 10-12 (3), 15-19 (8), 22-26 (13), 29, 30 (15)); not published.
    "child-delta": review(
        "Child Delta",
        "lcspr",
        "completed",
        "aware_on: 2025-09-01",
        "notified_on: 2025-09-09",
        "decision_on: 2025-10-01",
        "decision: lcspr",
        "commissioned_on: 2025-10-06",
        "completed_on: 2026-03-02",
        "publication:",
        "  not_published: true",
        "  reason: Publication would identify the family (fictional)",
        "  reason_notified_on: 2026-03-10",
    ),
    # An SCR from before 2019: only the target_months rule, 31 Jan + 6 months = 31 Jul.
    "child-epsilon": review(
        "Child Epsilon",
        "scr",
        "completed",
        "commissioned_on: 2018-01-31",
        "completed_on: 2018-08-15",
    ),
}

EXPECTED = {
    "child-alpha": [
        ("notification", "met", "2025-12-31", "2025-12-31"),
        ("rapid-review", "missed", "2026-01-22", "2026-01-23"),
        ("publication", "due", "2026-07-26", None),
        ("panel-notice", "unknown", None, None),
    ],
    "child-beta": [
        ("notification", "met", "2025-06-12", "2025-06-12"),
        ("rapid-review", "met", "2025-07-03", "2025-07-03"),
        ("publication", "missed", "2026-02-28", "2026-04-09"),
        ("panel-notice", "met", "2026-04-09", "2026-04-09"),
    ],
    "child-gamma": [
        ("notification", "due", "2026-04-20", None),
        ("rapid-review", "unknown", None, None),
        ("publication", "not-applicable", None, None),
        ("panel-notice", "not-applicable", None, None),
    ],
    "child-delta": [
        ("notification", "missed", "2025-09-08", "2025-09-09"),
        ("rapid-review", "missed", "2025-09-30", None),
        ("publication", "not-applicable", None, None),
        ("panel-notice", "not-applicable", None, None),
    ],
    "child-epsilon": [("target", "missed", "2018-07-31", "2018-08-15")],
}


#: A finished review answers all 18 markers; how well does not matter here.
ANSWERS = {f"qm{n:02d}": "---\njudgement: met\n---\n" for n in range(1, 19)}


def add(repo: Repo, review_id: str) -> None:
    finished = (
        "status: completed" in REVIEWS[review_id] or "status: published" in REVIEWS[review_id]
    )
    repo.add_review(review_id, REVIEWS[review_id], **(ANSWERS if finished else {}))


@pytest.fixture
def clocked(repo: Repo) -> Repo:
    for review_id in REVIEWS:
        add(repo, review_id)
    return repo


def test_export_clocks_match_the_hand_count(clocked: Repo) -> None:
    result = clocked.check()
    assert result.problems == []
    data = export_data(result.collection, TODAY, 6)
    schema = json.loads((ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    got = {
        row["id"]: [(c["rule"], c["status"], c["due_on"], c["done_on"]) for c in row["clocks"]]
        for row in data["reviews"]
    }
    assert got == EXPECTED
    statuses = {clock[1] for clocks in got.values() for clock in clocks}
    assert statuses == {"met", "missed", "due", "unknown", "not-applicable"}


def test_the_samples_clocks_match_the_hand_count() -> None:
    from review_records.check.checker import Checker
    from review_records.settings import settings_from_mkdocs_yml

    result = Checker(settings_from_mkdocs_yml(ROOT / "mkdocs.yml")).run()
    data = export_data(result.collection, D("2026-01-01"), 6)  # drafts too
    got = {
        row["id"]: [(c["rule"], c["status"], c["due_on"], c["done_on"]) for c in row["clocks"]]
        for row in data["reviews"]
    }
    assert got["sample-child-heron"] == [
        # Tue 20 Dec 2022: 21-23 (3), weekend, bank holidays 26 and 27, 28, 29 (5).
        ("notification", "met", "2022-12-29", "2022-12-29"),
        # Thu 29 Dec: 30 (1), New Year's bank holiday Mon 2 Jan, 3-6 (5), 9-13, 16-20 (15).
        ("rapid-review", "met", "2023-01-20", "2023-01-19"),
        # 31 Jan 2023 + 6 months; completed, never published.
        ("publication", "missed", "2023-07-31", None),
        ("panel-notice", "unknown", None, None),
    ]
    assert got["sample-infant-plover"] == [
        # Wed 20 Aug 2025: 21, 22 (2), weekend, August bank holiday 25, 26-28 (5).
        ("notification", "missed", "2025-08-28", "2025-08-29"),
        # Fri 29 Aug: 1-5 Sep (5), 8-12 (10), 15-19 (15); never sent.
        ("rapid-review", "missed", "2025-09-19", None),
        ("publication", "unknown", None, None),
        ("panel-notice", "unknown", None, None),
    ]


def test_days_left_and_reasons(clocked: Repo) -> None:
    reviews = clocked.check().collection
    rules = reviews.clocks

    def clocks(review_id: str) -> dict[str, tuple[str, int | None, str | None]]:
        found = review_clocks(reviews.reviews[review_id], rules, TODAY, 6)
        return {c.rule.id: (c.status, c.days_left, c.reason) for c in found}

    # 21 Apr 2026 to 26 Jul 2026, counted above: 8 + 19 + 22 + 18 working days.
    assert clocks("child-alpha")["publication"] == ("due", 67, None)
    assert clocks("child-gamma")["notification"] == ("due", 0, None)
    assert clocks("child-gamma")["publication"][2] == "the decision was no-further-review"
    assert clocks("child-delta")["panel-notice"][2] == (
        "Publication would identify the family (fictional)"
    )
    # Before the due day passes, an unsent rapid review is due, not missed.
    early = review_clocks(reviews.reviews["child-delta"], rules, D("2025-09-29"), 6)
    assert [(c.status, c.days_left) for c in early][1] == ("due", 1)


def test_csv_has_a_column_per_clock(clocked: Repo) -> None:
    data = export_data(clocked.check().collection, TODAY, 6)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(data)))}
    assert rows["child-alpha"]["clock:rapid-review"] == "missed"
    assert rows["child-gamma"]["clock:notification"] == "due"
    assert rows["child-epsilon"]["clock:target"] == "missed"
    assert rows["child-epsilon"]["clock:notification"] == ""


def test_pages_show_the_timeline_and_the_clocks(
    clocked: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 4, 20, tzinfo=dt.UTC).timestamp()))
    )
    site = build_site(clocked.root)
    page = (site / "reviews" / "child-alpha" / "index.html").read_text(encoding="utf-8")
    events = ["2025-12-22", "2025-12-31", "2026-01-23", "2026-01-26", "2026-02-02"]
    timeline = page[page.index('id="timeline"') :]
    places = [timeline.index(f"<td>{day}</td>") for day in events]
    assert places == sorted(places), "the events are in date order"
    assert "Decision on a practice review: a local child safeguarding practice review" in page
    assert "✗ Missed" in page and "✓ Met" in page and "? Unknown" in page
    assert "◷ Due, 67 working days left" in page
    delta = (site / "reviews" / "child-delta" / "index.html").read_text(encoding="utf-8")
    assert "– Not applicable (Publication would identify the family (fictional))" in delta
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Clocks due within 10 working days" in home
    assert "past the 6-month target" not in home
    listing = (site / "reviews" / "index.html").read_text(encoding="utf-8")
    assert 'data-clocks="missed due met unknown"' in listing  # child-alpha's row
    assert "data-labels-clocks=" in listing


# ---------------------------------------------------------------------------
# The checker: dates out of order, a decision without its date.
# ---------------------------------------------------------------------------


def _problems(repo: Repo, *lines: str) -> list[tuple[int, str, str]]:
    repo.add_review("child-test", review("Child Test", "lcspr", "in-progress", *lines))
    return [(p.line, p.rule, p.message) for p in repo.check().problems]


def test_notified_before_aware_is_reported_at_notified_on(repo: Repo) -> None:
    found = _problems(
        repo, "aware_on: 2025-03-10", "notified_on: 2025-03-07", "commissioned_on: 2025-04-01"
    )
    assert [(line, rule) for line, rule, _ in found] == [(7, "date-order")]
    assert "notified_on (2025-03-07) is before aware_on (2025-03-10)" in found[0][2]
    assert "cannot come before" in found[0][2]


def test_published_before_sent_to_panel_is_reported_at_published_on(repo: Repo) -> None:
    found = _problems(
        repo,
        "commissioned_on: 2025-01-10",
        "completed_on: 2025-06-01",
        "sent_to_panel_on: 2025-06-20",
        "published_on: 2025-06-13",
    )
    assert [(line, rule) for line, rule, _ in found] == [(9, "date-order")]
    assert "published_on (2025-06-13) is before sent_to_panel_on (2025-06-20)" in found[0][2]


def test_a_decision_needs_its_date(repo: Repo) -> None:
    found = _problems(repo, "decision: lcspr", "commissioned_on: 2025-01-10")
    assert [(line, rule) for line, rule, _ in found] == [(6, "decision-date")]
    assert "add decision_on" in found[0][2]


def test_an_unknown_decision_is_a_schema_error_at_its_line(repo: Repo) -> None:
    found = _problems(
        repo, "decision_on: 2025-01-05", "decision: lcsrp", "commissioned_on: 2025-01-10"
    )
    assert [(line, rule) for line, rule, _ in found] == [(7, "schema-enum")]
    assert "did you mean 'lcspr'" in found[0][2]


def test_a_completed_lcspr_without_decision_on_is_fine(repo: Repo) -> None:
    found = _problems(repo, "commissioned_on: 2025-01-10", "completed_on: 2025-06-01")
    assert found == []
    result = repo.check()
    clocks = review_clocks(
        result.collection.reviews["child-test"], result.collection.clocks, TODAY, 6
    )
    statuses = {c.rule.id: c.status for c in clocks}
    assert statuses["publication"] == "unknown"


# ---------------------------------------------------------------------------
# The rules file: a partnership's edits, and mistakes in it.
# ---------------------------------------------------------------------------


def test_a_partnership_changes_a_length_without_code(clocked: Repo) -> None:
    path = clocked.root / "schema" / "clocks.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    length: 15\n", "    length: 16\n"), encoding="utf-8")
    data = export_data(clocked.check().collection, TODAY, 6)
    alpha = next(row for row in data["reviews"] if row["id"] == "child-alpha")
    # One more working day: Fri 23 Jan 2026, the day the rapid review was sent.
    assert alpha["clocks"][1] == {
        "rule": "rapid-review",
        "status": "met",
        "due_on": "2026-01-23",
        "done_on": "2026-01-23",
    }


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("    length: 5\n", "    length: five\n", "whole number"),
        ("    unit: calendar-months\n", "    unit: months\n", "use one of"),
        ("    anchor: aware_on\n", "    anchor: awre_on\n", "did you mean 'aware_on'"),
        (
            "    decisions: [lcspr]\n    source",
            "    decisions: [lcsrp]\n    source",
            "not a decision",
        ),
        ("  lcspr: [notification,", "  lcspr: [notifcation,", "not a rule in this file"),
        ("    title: Rapid", "    colour: red\n    title: Rapid", "unknown setting 'colour'"),
        ("review_types:\n", "review_type:\n", "did you mean 'review_types'"),
    ],
)
def test_a_mistake_in_the_rules_file_is_reported_at_its_line(
    repo: Repo, old: str, new: str, words: str
) -> None:
    path = repo.root / "schema" / "clocks.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path.write_text(broken, encoding="utf-8")
    line = broken[: broken.index(new)].count("\n") + 1  # the edited line
    problems = repo.check().problems
    assert [(p.path, p.rule) for p in problems] == [("schema/clocks.yml", "clock-rules")], problems
    assert words in problems[0].message
    assert problems[0].line == line, problems


def test_broken_yaml_in_the_rules_file_is_a_problem_not_a_traceback(repo: Repo) -> None:
    (repo.root / "schema" / "clocks.yml").write_text("rules: [\n", encoding="utf-8")
    problems = repo.check().problems
    assert [(p.path, p.rule) for p in problems] == [("schema/clocks.yml", "yaml-syntax")]


def test_without_a_rules_file_only_the_target_applies(repo: Repo) -> None:
    (repo.root / "schema" / "clocks.yml").unlink()
    add(repo, "child-beta")
    result = repo.check()
    assert result.problems == []
    data = export_data(result.collection, TODAY, 6)
    assert [c["rule"] for c in data["reviews"][0]["clocks"]] == ["target"]


def test_a_record_without_any_timeline_builds_strict(repo: Repo) -> None:
    """Records written before the dated events existed keep building, and show the target."""
    repo.add_review()
    site = build_site(repo.root)
    page = (site / "reviews" / "child-test" / "index.html").read_text(encoding="utf-8")
    assert "Commission to completion" in page


# ---------------------------------------------------------------------------
# Authors: the scaffold lists the dated events, and fmt knows their order.
# ---------------------------------------------------------------------------


def test_the_scaffold_lists_every_dated_event_in_fmts_order(repo: Repo) -> None:
    from review_records.edit.scaffold import index_text
    from review_records.model.clocks import DATE_FIELDS

    text = index_text("Child T", "lcspr", "Testshire (fictional)", D("2026-01-05"))
    names = [*DATE_FIELDS[:4], "decision", *DATE_FIELDS[4:], "publication"]
    places = [text.index(f"{name}:") for name in names]
    assert places == sorted(places)
    schema = json.loads((ROOT / "schema" / "review.schema.json").read_text(encoding="utf-8"))
    in_schema = [key for key in schema["properties"] if key in names]
    assert in_schema == names, "fmt orders keys as the schema lists them"
    # Filled in and uncommented, the scaffold is a valid record.
    filled = text.replace("# aware_on:", "aware_on: 2026-01-02 #").replace(
        "# notified_on:", "notified_on: 2026-01-05 #"
    )
    repo.add_review("child-t", filled)
    assert repo.problems() == []


def test_fmt_puts_the_dated_events_in_the_order_they_happen() -> None:
    from review_records.edit.fmt import format_text, record_orders

    messy = review(
        "Child Test",
        "lcspr",
        "in-progress",
        "publication:",
        "  reason: Criminal proceedings (fictional)",
        "  delayed_until: 2026-09-01",
        "decision: lcspr",
        "commissioned_on: 2026-02-02",
        "notified_on: 2025-12-31",
        "decision_on: 2026-01-26",
        "aware_on: 2025-12-22",
    )
    result = format_text("x.md", messy, record_orders(ROOT / "schema")["review"])
    assert result.text is not None, result.problems
    front = result.text.split("---\n")[1]
    keys = [line.split(":")[0] for line in front.splitlines() if line[:1].isalpha()]
    assert keys[4:] == [
        "aware_on",
        "notified_on",
        "decision_on",
        "decision",
        "commissioned_on",
        "publication",
    ]
    assert result.text.index("delayed_until") < result.text.index("reason:")


def test_a_delayed_publication_moves_the_publication_clock(repo: Repo) -> None:
    # Decision 31 Aug 2025: publication due 28 Feb 2026. The partners told the Panel
    # it waits for a trial, to 1 Jun 2026: on 20 Apr 2026 it is due, not missed.
    repo.add_review(
        "child-zeta",
        review(
            "Child Zeta",
            "lcspr",
            "completed",
            "aware_on: 2025-06-05",
            "notified_on: 2025-06-12",
            "decision_on: 2025-08-31",
            "decision: lcspr",
            "commissioned_on: 2025-09-15",
            "completed_on: 2026-02-10",
            "publication:",
            "  delayed_until: 2026-06-01",
            "  reason: Criminal proceedings (fictional)",
            "  reason_notified_on: 2026-02-12",
        ),
        **ANSWERS,
    )
    reviews = repo.check().collection
    zeta = reviews.reviews["child-zeta"]

    def publication(today: str) -> tuple[str, str, str | None]:
        clock = next(
            c
            for c in review_clocks(zeta, reviews.clocks, D(today), 6)
            if c.rule.id == "publication"
        )
        return clock.status, str(clock.due_on), clock.reason

    why = "publication delayed until 2026-06-01: Criminal proceedings (fictional)"
    assert publication("2026-04-20") == ("due", "2026-06-01", why)
    assert publication("2026-06-02") == ("missed", "2026-06-01", why)
    # The Panel's notice (at least 7 working days before publication) is not a deadline.
    notice = [
        c for c in review_clocks(zeta, reviews.clocks, TODAY, 6) if c.rule.id == "panel-notice"
    ]
    assert notice[0].reason is None
