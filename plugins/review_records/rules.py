"""The rules catalogue: every rule id a problem can carry, its default severity and meaning.

A problem ends with its rule id in brackets (``... [schema-enum]``, DESIGN.md §4), so
a reader of a CI log, a JSON report or a GitHub annotation can look it up here. The
code that reports a problem writes the id as a literal string; ``tests/test_rules.py``
checks that each one used in the package is listed here, with the severity it is
reported at, and that nothing listed here is unused.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .errors import ConfigurationError
from .problems import Problem, Severity
from .settings import PLUGIN_NAME

__all__ = ["RULES", "Rule", "rules_table", "severity_overrides", "with_severities"]

_E = Severity.ERROR
_W = Severity.WARNING
_ADJUSTABLE = True


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of problem: what the id means and how serious it is by default."""

    id: str
    severity: Severity
    summary: str
    #: The ``rules`` option may lower it to a warning: it is advisory, or an error by
    #: policy only. Lowering any other error would let a broken record into the model.
    adjustable: bool = False


def _catalogue(
    *rules: tuple[str, Severity, str] | tuple[str, Severity, str, bool],
) -> dict[str, Rule]:
    return {rule[0]: Rule(*rule) for rule in rules}


#: Rule id → rule, grouped by the stage that reports it.
RULES: dict[str, Rule] = _catalogue(
    # records/: finding the files and reading their front matter.
    ("symlink", _E, "A symbolic link in the records folders; links are never followed."),
    ("review-layout", _E, "A record file outside a folder of its own review."),
    ("review-id", _E, "A review folder name that is not a valid review id."),
    ("answer-file-name", _E, "A file in a review folder that is neither index.md nor qmNN.md."),
    ("marker-file-name", _E, "A file in the marker catalogue not named qmNN-words.md."),
    ("file-unreadable", _E, "A record file that cannot be read from disk."),
    ("encoding", _E, "A record file that is not UTF-8."),
    ("front-matter-missing", _E, "A record with no front matter (or an empty file)."),
    ("front-matter-start", _E, "Front matter that does not start on line 1."),
    ("front-matter-delimiter", _E, "A front-matter fence line that is not exactly '---'."),
    ("front-matter-unclosed", _E, "Front matter opened on line 1 and never closed."),
    ("front-matter-not-mapping", _E, "Front matter that is not a set of 'key: value' lines."),
    ("yaml-syntax", _E, "Front matter that is not valid YAML."),
    ("yaml-key", _E, "A key that is not plain text."),
    ("yaml-duplicate-key", _E, "The same key twice in one mapping."),
    ("yaml-tag", _E, "A YAML tag (such as !!python/object); records hold plain data only."),
    ("yaml-too-complex", _E, "Front matter nested too deep or with too many values to read."),
    # check/: JSON Schema.
    ("schema-required", _E, "A key the schema requires is missing."),
    ("schema-unknown-key", _E, "A key the schema does not know (with a 'did you mean')."),
    ("schema-enum", _E, "A value outside the schema's list of allowed values."),
    ("schema-type", _E, "A value of the wrong type (text, list, number...)."),
    ("schema-format", _E, "A value not in its format, e.g. a date that is not YYYY-MM-DD."),
    ("schema-pattern", _E, "A value or question id that does not match the schema's pattern."),
    ("schema-value", _E, "Any other schema error: empty, repeated, or not one of the shapes."),
    # check/: across records.
    ("vocabulary", _E, "No or bad vocabulary.yml; or an unknown theme, agency or harm type."),
    ("marker-number", _E, "A marker definition numbered outside 01 to 18."),
    ("marker-duplicate", _E, "Two definitions of the same marker."),
    ("marker-missing", _E, "A marker from 01 to 18 with no definition in the catalogue."),
    ("question-unknown", _E, "A question id the marker does not have."),
    ("review-index-missing", _E, "A review folder without an index.md."),
    ("answer-number", _E, "An answer to a marker number that does not exist."),
    ("answer-duplicate", _E, "Two files answering the same marker in one review."),
    (
        "completeness",
        _E,
        "A completed or published review with a marker missing or unassessed.",
        _ADJUSTABLE,
    ),
    ("related", _E, "A related review that does not exist, or the review itself."),
    ("action-finding", _E, "An action's finding that is not the title of a finding of its review."),
    ("action-reason", _E, "An action marked not-implemented without a reason."),
    ("action-revised", _E, "An action's revised_due without revised_reason, or the reverse."),
    (
        "date-order",
        _E,
        "Review dates out of order (e.g. completed before commissioned).",
        _ADJUSTABLE,
    ),
    ("decision-date", _E, "A decision on a practice review with no decision_on date."),
    ("clock-rules", _E, "schema/clocks.yml is malformed: a rule, a length or a review type."),
    ("link-broken", _E, "A link or [[wiki-link]] to a record or page that does not exist."),
    ("link-draft", _E, "A link from a published review to a draft one, which is never published."),
    ("link-target-invalid", _W, "A link to a record that has errors of its own, reported there."),
    ("name-collision", _E, "Two file names that differ only in case or Unicode form."),
    # plugin/: while MkDocs renders the pages.
    (
        "link-unresolved",
        _W,
        "A link in a record's text that no page of the built site answers.",
        _ADJUSTABLE,
    ),
    # safety/denylist and check/identifiers: what must not be published.
    ("denylist", _E, "A term from the denylist file in a record."),
    ("identifier-postcode", _W, "Something that looks like a UK postcode.", _ADJUSTABLE),
    ("identifier-nhs-number", _W, "Something that looks like an NHS number.", _ADJUSTABLE),
    (
        "identifier-ni-number",
        _W,
        "Something that looks like a National Insurance number.",
        _ADJUSTABLE,
    ),
    ("identifier-phone", _W, "Something that looks like a UK phone number.", _ADJUSTABLE),
    ("identifier-email", _W, "Something that looks like an e-mail address.", _ADJUSTABLE),
    (
        "identifier-date-of-birth",
        _W,
        "Something that looks like a full date of birth.",
        _ADJUSTABLE,
    ),
    # safety/publication: the built site read back before it may be published.
    ("published-script", _E, "A script in the built site that is not the theme's own."),
    ("published-noscript", _E, "A <noscript> in the built site that the theme does not ship."),
    (
        "published-handler",
        _E,
        "An event-handler attribute (onclick, onerror...) in the built site.",
    ),
    ("published-url-scheme", _E, "A javascript:, vbscript: or data: URL in the built site."),
    ("published-embed", _E, "An iframe, object, base or srcdoc: a document inside a page."),
    ("published-link-rewrite", _E, "An SVG animation that rewrites a link's target."),
    ("published-csp", _E, "A page whose Content-Security-Policy is missing or too weak."),
    (
        "published-front-matter",
        _E,
        "A record's front-matter lines shown as text in the built site.",
    ),
    ("published-denied-term", _E, "A term from the denylist file in the built site (never named)."),
    (
        "published-search-index",
        _E,
        "A search-index file that cannot be read, or holds what no published page shows.",
    ),
    # safety/papers and papers/: review-records pdf (a board paper is refused, nothing written).
    (
        "paper-private-value",
        _E,
        "A record's private value in a board paper (reported at the value's own line).",
    ),
    ("paper-denied-term", _E, "A term from the denylist file in a board paper (never named)."),
    ("paper-refused", _E, "A board paper that asked to fetch a file, or whose PDF cannot be read."),
    # edit/: review-records fmt.
    ("fmt-unreadable", _E, "fmt cannot read this front matter, so it left the file as is."),
    ("fmt-unsafe", _E, "fmt would have changed a value, the body or a comment; file left as is."),
    ("fmt-raced", _E, "The file changed while fmt ran; nothing was written."),
    ("fmt-write", _E, "fmt could not write the file."),
)


def severity_overrides(requested: Iterable[tuple[str, str]]) -> dict[str, Severity]:
    """The ``rules`` option (rule id → ``error`` or ``warning``) checked against the catalogue.

    Raising a rule to an error is always allowed; lowering an error to a warning
    only for an adjustable rule. Anything else is a ConfigurationError.
    """
    overrides: dict[str, Severity] = {}
    for rule_id, value in requested:
        rule = RULES.get(rule_id)
        if rule is None:
            close = difflib.get_close_matches(rule_id, RULES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigurationError(
                f"{PLUGIN_NAME} option rules: no rule is called {rule_id!r}{hint}"
            )
        severity = Severity(value)
        if severity is Severity.WARNING and rule.severity is Severity.ERROR and not rule.adjustable:
            raise ConfigurationError(
                f"{PLUGIN_NAME} option rules: {rule_id} cannot be lowered to a warning: "
                "its errors keep broken or unsafe records out of the site"
            )
        if severity is not rule.severity:
            overrides[rule_id] = severity
    return overrides


def with_severities(
    problems: Iterable[Problem], overrides: Mapping[str, Severity]
) -> list[Problem]:
    """The problems with the severities the ``rules`` option asks for (new values; none changed)."""
    return [
        replace(problem, severity=overrides[problem.rule])
        if problem.rule in overrides and problem.severity is not overrides[problem.rule]
        else problem
        for problem in problems
    ]


def rules_table() -> str:
    """The catalogue as the Markdown table of the Guide's rules page (``docs/guide/rules.md``)."""
    lines = [
        "| rule | severity | `rules` may lower it | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES.values():
        lowered = "yes" if rule.adjustable and rule.severity is Severity.ERROR else ""
        # Summaries name elements (<noscript>): shown as text, never as markup.
        summary = html.escape(rule.summary, quote=False)
        lines.append(f"| `{rule.id}` | {rule.severity} | {lowered} | {summary} |")
    return "\n".join(lines) + "\n"
