"""``review-records new``: write a review folder that already lists every question."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigurationError
from ..model.review_types import REVIEW_TYPES
from ..records.sources import ID_PATTERN

if TYPE_CHECKING:
    from ..model.collection import Marker

__all__ = ["scaffold_review"]

_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


def _quoted(text: str) -> str:
    # Imported here: every `review-records check` imports this module for its options,
    # and a cached check must not pay for the YAML reader.
    from ..records.frontmatter import resolve_plain

    # A lone word is written plain, as `review-records fmt` would write it.
    if _WORD.fullmatch(text) and resolve_plain(text) == text:
        return text
    # JSON strings are valid YAML double-quoted scalars, escapes included.
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


#: The dated events, as comments in the order ``fmt`` keeps (the review schema's): an
#: author fills in each date as it happens, and the clocks follow (docs/guide).
_TIMELINE_BEFORE = """\
# The review's dated events, YYYY-MM-DD, each added once it has happened:
# aware_on:               # the local authority became aware of the incident
# notified_on:            # serious incident notification to the Panel
# rapid_review_sent_on:   # the rapid review sent to the Panel
# decision_on:            # the decision on a practice review, and which:
# decision:               # lcspr | no-further-review | other-learning-review | national-review
"""
_TIMELINE_AFTER = """\
# completed_on:
# sent_to_panel_on:       # final report to the Panel and the Secretary of State
# published_on:
# publication:            # only when publication is delayed or withheld
#   delayed_until:
#   reason:
#   not_published: true
#   reason_notified_on:   # when the Panel and the Secretary of State were told
"""


def index_text(title: str, review_type: str, partnership: str, today: dt.date) -> str:
    """The front matter and a summary stub for ``index.md``."""
    return (
        "---\n"
        f"title: {_quoted(title)}\n"
        "status: draft\n"
        f"review_type: {review_type}\n"
        f"partnership: {_quoted(partnership)}\n"
        f"{_TIMELINE_BEFORE}"
        f"commissioned_on: {today.isoformat()}\n"
        f"{_TIMELINE_AFTER}"
        "lead_reviewers: []\n"
        "themes: []\n"
        "agencies: []\n"
        "# National classification, when known (see the Guide):\n"
        "# incident: serious-harm  # death, serious-harm or other\n"
        "# age_band: unknown  # unborn, under-1, 1-5, 6-10, 11-15, 16-17 or unknown\n"
        "# harm_types: []  # harm-type slugs from schema/vocabulary.yml\n"
        "related: []\n"
        "findings: []\n"
        "---\n\n"
        "## Summary\n\n"
        "Write the review's summary here once it is agreed. Do not name the child, the\n"
        "family or staff: use the review's pseudonym and people's roles.\n"
    )


def answer_text(marker: Marker) -> str:
    """``qmNN.md`` for one marker: not assessed, every question unknown, its text beside it."""
    lines = [
        "---",
        f"# Marker {marker.number:02d}: {_comment(marker.title)}",
        "judgement: not-assessed",
        "questions:",
    ]
    lines += [
        f"  {qid}: unknown  # {_comment(question)}" for qid, question in marker.questions.items()
    ]
    lines += ["evidence: []", "actions: []", *_ACTION_EXAMPLE, "---", "", "## Notes", ""]
    return "\n".join(lines)


#: Every field of an action, as comments below ``actions: []`` for an author to copy.
_ACTION_EXAMPLE = (
    "# An action, when there is one (drop the optional fields you do not use):",
    "#   - action: What will be done",
    "#     owner: The role that owns it, never a person's name",
    "#     lead_agency: police  # optional: an agency slug from schema/vocabulary.yml",
    "#     finding: The title of the review finding it answers  # optional",
    "#     due: YYYY-MM-DD",
    "#     revised_due: YYYY-MM-DD  # optional, with revised_reason",
    "#     revised_reason: Why the due date moved",
    "#     status: not-started  # on-track, at-risk, complete, embedded, not-implemented",
    "#     reason: Why it will not be implemented  # required for not-implemented",
    "#     progress:  # optional, oldest first",
    "#       - on: YYYY-MM-DD",
    "#         note: What happened",
    "#     evidence_of_completion: What shows it was done",
    "#     evidence_of_impact: What shows it made a difference",
    "#     assured_on: YYYY-MM-DD",
    "#     assured_by: The role or group that assured it, never a person's name",
    "#     next_assurance_on: YYYY-MM-DD",
)


def scaffold_review(
    reviews_dir: Path,
    review_id: str,
    markers: dict[int, Marker],
    *,
    title: str,
    review_type: str = "lcspr",
    partnership: str = "Partnership to be named",
    today: dt.date | None = None,
) -> list[Path]:
    """Create ``reviews_dir/review_id`` with its index and one file per marker.

    All files are written into a hidden folder first and moved into place in one
    rename, so a failure leaves nothing behind and an existing review is never touched.
    """
    if not ID_PATTERN.fullmatch(review_id):
        raise ConfigurationError(
            f"{review_id!r} is not a valid review id: use lower-case letters, digits and "
            "hyphens, starting with a letter or digit, at most 63 characters"
        )
    if review_type not in REVIEW_TYPES:
        raise ConfigurationError(f"review type must be one of {', '.join(REVIEW_TYPES)}")
    if not title.strip():
        raise ConfigurationError("the review needs a title, e.g. --title 'Child T'")
    target = reviews_dir / review_id
    if target.exists() or target.is_symlink():
        raise ConfigurationError(f"review {review_id!r} already exists; nothing was changed")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".new-{review_id}-", dir=reviews_dir))
    except OSError as exc:
        raise ConfigurationError(
            f"cannot write in {reviews_dir.name}/: {exc.strerror}; nothing was changed"
        ) from exc
    try:
        files = {"index.md": index_text(title, review_type, partnership, today or dt.date.today())}
        for number, marker in sorted(markers.items()):
            files[f"qm{number:02d}.md"] = answer_text(marker)
        for name, text in files.items():
            with (staging / name).open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        if target.exists() or target.is_symlink():  # created meanwhile, e.g. by a git pull
            raise ConfigurationError(f"review {review_id!r} already exists; nothing was changed")
        staging.rename(target)  # one rename: the review appears whole or not at all
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ConfigurationError(
            f"cannot create {review_id!r}: {exc.strerror}; nothing was changed"
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / name for name in files]
