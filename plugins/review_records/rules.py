"""The rules catalogue: every rule id a problem can carry, its default severity and meaning.

A problem ends with its rule id in brackets (``... [schema-enum]``, DESIGN.md §4), so
a reader of a CI log, a JSON report or a GitHub annotation can look it up here. The
code that reports a problem writes the id as a literal string; ``tests/test_rules.py``
checks that each one used in the package is listed here, with the severity it is
reported at, and that nothing listed here is unused.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Severity

__all__ = ["RULES", "Rule"]

_E = Severity.ERROR
_W = Severity.WARNING


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of problem: what the id means and how serious it is by default."""

    id: str
    severity: Severity
    summary: str


def _catalogue(*rules: tuple[str, Severity, str]) -> dict[str, Rule]:
    return {rule_id: Rule(rule_id, severity, summary) for rule_id, severity, summary in rules}


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
    ("completeness", _E, "A completed or published review with a marker missing or unassessed."),
    ("related", _E, "A related review that does not exist, or the review itself."),
    ("action-finding", _E, "An action's finding that is not the title of a finding of its review."),
    ("action-reason", _E, "An action marked not-implemented without a reason."),
    ("action-revised", _E, "An action's revised_due without revised_reason, or the reverse."),
    ("date-order", _E, "Review dates out of order (e.g. completed before commissioned)."),
    ("link-broken", _E, "A link or [[wiki-link]] to a record or page that does not exist."),
    ("link-draft", _E, "A link from a published review to a draft one, which is never published."),
    ("name-collision", _E, "Two file names that differ only in case or Unicode form."),
    # safety/denylist and check/identifiers: what must not be published.
    ("denylist", _E, "A term from the denylist file in a record."),
    ("identifier-postcode", _W, "Something that looks like a UK postcode."),
    ("identifier-nhs-number", _W, "Something that looks like an NHS number."),
    ("identifier-ni-number", _W, "Something that looks like a National Insurance number."),
    ("identifier-phone", _W, "Something that looks like a UK phone number."),
    ("identifier-email", _W, "Something that looks like an e-mail address."),
    ("identifier-date-of-birth", _W, "Something that looks like a full date of birth."),
    # edit/: review-records fmt.
    ("fmt-unreadable", _E, "fmt cannot read this front matter, so it left the file as is."),
    ("fmt-unsafe", _E, "fmt would have changed a value, the body or a comment; file left as is."),
    ("fmt-raced", _E, "The file changed while fmt ran; nothing was written."),
    ("fmt-write", _E, "fmt could not write the file."),
)
