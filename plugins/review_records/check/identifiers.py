"""Likely identifiers in review records, reported as warnings at their line.

Postcodes, NHS numbers (valid modulus-11 check digit only), National Insurance
numbers, UK phone numbers, e-mail addresses and full dates of birth identify a
child or family far more surely than a name. ``check`` warns at each line, so
a ``--strict`` (publication) build fails until the text is fixed or the
exception is recorded in the file itself:

- ``<!-- review-records: allow postcode -->`` (in Markdown) or
  ``# review-records: allow postcode`` (in YAML) on the same line allows that
  kind on that line;
- ``review-records: allow-file postcode`` anywhere in the file allows it in the
  whole file.

Several kinds are separated by commas or spaces; the kinds are the keys of
:data:`KINDS`. The ``private:`` mapping is skipped: it is never published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..problems import ProblemSink
from ..records.frontmatter import Record

__all__ = ["KINDS", "identifier_problems", "nhs_number_valid"]

#: Kind → how a warning names it.
KINDS = {
    "postcode": "a UK postcode",
    "nhs-number": "an NHS number",
    "ni-number": "a National Insurance number",
    "phone": "a UK phone number",
    "email": "an e-mail address",
    "date-of-birth": "a full date of birth",
}

_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-HJKPSTUW0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})"
    r"(?![\w-])",
    re.IGNORECASE,
)
_NHS = re.compile(r"(?<![\w-])([0-9]{3})[ -]?([0-9]{3})[ -]?([0-9]{4})(?![\w-])")
_NI = re.compile(
    r"(?<![\w-])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![\w-])",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+-])(?:\+44 ?(?:\(0\) ?)?|0)[1-9](?:[ -]?[0-9]){8,9}(?![\w-])")
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_BIRTH = re.compile(r"\b(?:born|birth|birthday|dob|d\.o\.b)\b", re.IGNORECASE)
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_FULL_DATE = re.compile(
    r"\b(?:[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2})"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS}),? [0-9]{{4}}"
    rf"|(?:{_MONTHS}) [0-9]{{1,2}}(?:st|nd|rd|th)?,? [0-9]{{4}})\b",
    re.IGNORECASE,
)
_ALLOW = re.compile(r"review-records:\s*(allow|allow-file)\s+([a-z, -]+)", re.IGNORECASE)


def nhs_number_valid(digits: str) -> bool:
    """True if ten digits carry a correct NHS modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


#: Where an identifier other than a date may start, found far more cheaply than the
#: kinds themselves: an "@", or a digit followed by a postcode's inward letters, an
#: NHS number's first six digits, an NI number's six or a phone number's nine.
_START = (
    r"[0-9@](?:(?<=@)|(?i:[A-Z]{2})(?![\w-])|[0-9]{2}[ -]?[0-9]{3}|[0-9] ?[0-9]{2} ?[0-9]{2}"
    r"|(?:[ -]?[0-9]){8}"
)
_NOT_DATE = re.compile(_START + ")")
#: The same, or (group ``date``) a date's first two digits, which count only on a line
#: that mentions birth. Each starts with a digit or "@", so the scan skips text quickly.
_CANDIDATE = re.compile(_START + r"|(?P<date>[/.-]?[0-9]))")


def _found(line: str) -> Iterator[tuple[str, int]]:
    """(kind, 0-based column) of every likely identifier in one line."""
    for match in _POSTCODE.finditer(line):
        yield "postcode", match.start()
    for match in _NHS.finditer(line):
        if nhs_number_valid("".join(match.groups())):
            yield "nhs-number", match.start()
    for match in _NI.finditer(line):
        yield "ni-number", match.start()
    for match in _PHONE.finditer(line):
        yield "phone", match.start()
    if "@" in line:
        for match in _EMAIL.finditer(line):
            yield "email", match.start()
    if _BIRTH.search(line):
        for match in _FULL_DATE.finditer(line):
            yield "date-of-birth", match.start()


def _allowed(line: str) -> tuple[set[str], set[str]]:
    """Kinds allowed on this line, and kinds this line allows in the whole file."""
    here: set[str] = set()
    everywhere: set[str] = set()
    if "review-records" not in line.lower():
        return here, everywhere
    for match in _ALLOW.finditer(line):
        kinds = {kind for kind in re.split(r"[\s,]+", match.group(2).lower()) if kind}
        (everywhere if match.group(1).lower() == "allow-file" else here).update(kinds)
    return here, everywhere


def _private_lines(record: Record) -> range:
    """The lines of the top-level ``private:`` mapping (empty if there is none)."""
    fm = record.front_matter
    if fm is None or "private" not in fm.data:
        return range(0)
    start = fm.key_at(("private",)).line
    tops = [fm.key_at(path).line for path in fm.keys if len(path) == 1]
    later = [line for line in tops if line > start]
    end = min(later) if later else record.body_line - 1
    return range(start, end)


def _candidate_lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based number, text) of every line that may hold an identifier."""
    number, counted = 1, 0
    found = _CANDIDATE.search(text)
    while found is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.start())
        end = len(text) if end < 0 else end
        line = text[start:end]
        if (
            found.lastgroup != "date"
            or _BIRTH.search(line)
            or _NOT_DATE.search(text, found.start() + 1, end)  # another kind later on
        ):
            number += text.count("\n", counted, start)
            counted = start
            yield number, line
        found = _CANDIDATE.search(text, end)


def _allow_comments(text: str) -> tuple[dict[int, set[str]], set[str]]:
    """Kinds allowed on each line that has an allow comment, and kinds allowed everywhere."""
    here: dict[int, set[str]] = {}
    everywhere: set[str] = set()
    if "review-records" not in text.lower():  # no allow comment: the usual case
        return here, everywhere
    for number, line in enumerate(text.split("\n"), start=1):
        on_line, in_file = _allowed(line)
        if on_line:
            here[number] = on_line
        everywhere |= in_file
    return here, everywhere


def identifier_problems(record: Record, text: str, sink: ProblemSink) -> None:
    """Warn at every likely identifier in a review record's ``text`` (the whole file)."""
    skip: range | None = None  # found on the first candidate: it costs a second YAML read
    here, file_wide = _allow_comments(text)
    for number, line in _candidate_lines(text):
        if skip is None:
            skip = _private_lines(record)
        if number in skip:
            continue
        allowed = here.get(number, set()) | file_wide
        seen: set[str] = set()
        for kind, column in sorted(_found(line), key=lambda found: found[1]):
            if kind in allowed or kind in seen:
                continue
            seen.add(kind)
            sink.warning(
                number,
                column + 1,
                f"identifier-{kind}",
                f"this looks like {KINDS[kind]}, which can identify a child or family: "
                f"remove it, or record a deliberate exception with "
                f"'review-records: allow {kind}' in a comment on this line",
            )
