"""The rules catalogue (review_records/rules.py) lists every rule id the package reports.

The package's source is read, not run: every call ``sink.error(line, column, RULE, ...)``,
``sink.warning(...)`` and ``Problem(path, line, column, severity, RULE, ...)`` is found,
and so is every ``(RULE, message)`` pair that crosscheck.py hands to ``sink.error``. The
rules the bad-inputs table expects from the real checker are looked up as well.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import review_records
from review_records.check.identifiers import KINDS
from review_records.problems import Severity
from review_records.rules import RULES, rules_table
from support.bad_inputs import CASES

PACKAGE = Path(review_records.__file__).parent
RULE_ID = re.compile(r"[a-z]+(?:-[a-z]+)*")

#: Calls that pass on a rule id made elsewhere (the ids they carry are found there).
PASS_THROUGH = {
    ("problems.py", "rule"),  # ProblemSink.error/warning build the Problem
    ("check/cache.py", "p['rule']"),  # problems read back from the cache file
    ("check/crosscheck.py", "*problem"),  # a (rule, message) pair, found below
    ("check/crosscheck.py", "rule"),  # _report: a pair, at its catalogue severity
    ("safety/htmlscan.py", "rule"),  # _PageScan._add, found at its callers
}

_SEVERITIES = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "Severity.ERROR": Severity.ERROR,
    "Severity.WARNING": Severity.WARNING,
}


def _rule_argument(call: ast.Call) -> tuple[ast.expr, str] | None:
    """The rule argument of a problem-making call and its severity's source, or None."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("error", "warning") and len(call.args) > 2:
        return call.args[2], func.attr
    if isinstance(func, ast.Name) and func.id == "Problem" and len(call.args) > 4:
        return call.args[4], ast.unparse(call.args[3])
    if isinstance(func, ast.Attribute) and func.attr == "_add" and len(call.args) > 2:
        return call.args[1], "error"  # htmlscan's _PageScan._add(needle, rule, message)
    return None


def _is_text(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str)
    if isinstance(expr, ast.BinOp):  # "..." + did_you_mean(...)
        return _is_text(expr.left)
    return isinstance(expr, ast.JoinedStr)


def _pairs(tree: ast.AST) -> list[tuple[ast.expr, str]]:
    """Every ``(RULE, message)`` pair crosscheck.py makes: reported at the catalogue's severity."""
    return [
        (node.elts[0], "catalogue")
        for node in ast.walk(tree)
        if isinstance(node, ast.Tuple)
        and len(node.elts) == 2
        and isinstance(node.elts[0], ast.Constant)
        and isinstance(node.elts[0].value, str)
        and _is_text(node.elts[1])
    ]


def used_rules() -> tuple[dict[str, set[Severity]], list[str]]:
    """Rule id → severities it is reported at; and every rule argument not understood."""
    used: dict[str, set[Severity]] = {}
    unknown: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relpath = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = [
            argument
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and (argument := _rule_argument(node)) is not None
        ]
        if relpath == "check/crosscheck.py":
            found += _pairs(tree)
        for expr, severity_source in found:
            severity = _SEVERITIES.get(severity_source)
            if severity_source == "catalogue" and isinstance(expr, ast.Constant):
                rule = RULES.get(expr.value)
                severity = rule.severity if rule else Severity.ERROR
            source = ast.unparse(expr)
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                ids = [expr.value]
            elif source == "f'identifier-{kind}'":
                ids = [f"identifier-{kind}" for kind in KINDS]
            elif (relpath, source) in PASS_THROUGH:
                continue
            else:
                unknown.append(f"{relpath}:{expr.lineno}: {source}")
                continue
            for rule_id in ids:
                if severity is None:
                    unknown.append(f"{relpath}:{expr.lineno}: severity {severity_source}")
                    continue
                used.setdefault(rule_id, set()).add(severity)
    return used, unknown


def test_every_rule_id_used_in_the_package_is_in_the_catalogue() -> None:
    used, unknown = used_rules()
    assert unknown == [], "write rule ids as literal strings (or teach this test the new form)"
    assert sorted(set(used) - set(RULES)) == [], "add these rule ids to review_records/rules.py"
    assert len(used) > 40  # the scan found the rules at all


def test_every_rule_in_the_catalogue_is_used() -> None:
    used, _ = used_rules()
    assert sorted(set(RULES) - set(used)) == [], "remove rules the package no longer reports"


def test_each_rule_is_reported_at_its_default_severity() -> None:
    used, _ = used_rules()
    wrong = {
        rule_id: sorted(severities)
        for rule_id, severities in used.items()
        if rule_id in RULES and severities != {RULES[rule_id].severity}
    }
    assert wrong == {}


def test_each_rule_has_a_well_formed_id_and_a_one_line_summary() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert RULE_ID.fullmatch(rule_id), rule_id
        assert rule.summary.endswith(".") and "\n" not in rule.summary, rule_id
        assert len(rule.summary) <= 80, rule_id


def test_the_bad_inputs_table_expects_only_catalogued_rules() -> None:
    """The rules the bad-input table (tests/support/bad_inputs.py) expects are catalogued."""
    expected = {rule_id for case in CASES for _, _, rule_id in case.expected}
    assert len(expected) > 20
    assert sorted(expected - set(RULES)) == []


def test_the_guide_lists_every_rule_as_the_catalogue_has_it() -> None:
    """docs/guide/rules.md holds the table the catalogue makes (scripts/rules_page.py)."""
    page = (PACKAGE.parent.parent / "docs" / "guide" / "rules.md").read_text(encoding="utf-8")
    table = rules_table()
    assert table in page, "run: python scripts/rules_page.py"
    assert all(f"| `{rule_id}` |" in table for rule_id in RULES)
    assert "<noscript>" not in table  # a summary's element names are text on the page
