"""Checks of an action plan beyond its JSON Schema.

:func:`action_problems` reads one answer file on its own: a ``reason`` for
``not-implemented``, and ``revised_due`` with ``revised_reason``. They are here
rather than in the schema (``if``/``then``, ``dependentRequired``) so that each
problem is reported at the key that causes it, and because the compiled fast path
ignores ``dependentRequired`` (it would pass what jsonschema refuses).
:func:`check_actions` needs the review and the vocabulary: ``finding`` and
``lead_agency``.
"""

from __future__ import annotations

from typing import Any

from ..model.collection import Answer, Review, Vocabulary
from ..problems import ProblemSink
from ..records.frontmatter import FrontMatter
from .validate import did_you_mean

__all__ = ["action_problems", "check_actions"]

#: Keys that go together: each needs the other.
_PAIRS = (("revised_due", "revised_reason"), ("revised_reason", "revised_due"))


def action_problems(fm: FrontMatter, sink: ProblemSink) -> None:
    """Report actions in ``fm`` that are not-implemented without a reason, or half revised.

    Works on any front matter, valid or not, so these problems show in the same
    run as the schema's; values of the wrong shape are the schema's to report.
    """
    actions: Any = fm.data.get("actions")
    if not isinstance(actions, list):
        return
    for index, item in enumerate(actions):
        if not isinstance(item, dict):
            continue
        if item.get("status") == "not-implemented" and "reason" not in item:
            where = fm.value_at(("actions", index, "status"))
            sink.error(
                where.line,
                where.column,
                "action-reason",
                "an action that will not be implemented needs a reason: add 'reason:' "
                "saying why (boards must report the reasons for not implementing a finding)",
            )
        for present, missing in _PAIRS:
            if present in item and missing not in item:
                where = fm.key_at(("actions", index, present))
                sink.error(
                    where.line,
                    where.column,
                    "action-revised",
                    f"{present!r} needs {missing!r} as well: a revised due date is "
                    "recorded together with the reason it was revised",
                )


def check_actions(
    answer: Answer,
    review: Review | None,
    vocabulary: Vocabulary,
    fm: FrontMatter,
    sink: ProblemSink,
) -> None:
    """Each action's ``finding`` names a finding of its review; ``lead_agency`` is known.

    ``review`` is None when the review's own index.md is broken: its findings are
    unknown then, so ``finding`` is not checked (the broken file is reported).
    """
    titles = [finding.title for finding in review.findings] if review is not None else None
    for index, action in enumerate(answer.actions):
        if action.lead_agency is not None and action.lead_agency not in vocabulary.agencies:
            where = fm.value_at(("actions", index, "lead_agency"))
            sink.error(
                where.line,
                where.column,
                "vocabulary",
                f"{action.lead_agency!r} is not a known agency in schema/vocabulary.yml"
                + did_you_mean(action.lead_agency, vocabulary.agencies),
            )
        if action.finding is not None and titles is not None and action.finding not in titles:
            where = fm.value_at(("actions", index, "finding"))
            known = (
                "; its findings are " + ", ".join(repr(title) for title in titles)
                if titles
                else "; it has no findings yet (add them under findings in its index.md)"
            )
            sink.error(
                where.line,
                where.column,
                "action-finding",
                f"the review has no finding titled {action.finding!r}"
                + (did_you_mean(action.finding, titles) or known),
            )
