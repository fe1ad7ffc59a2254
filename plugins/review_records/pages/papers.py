"""Board papers: a review, or the whole action plan, as one print document (HTML for a PDF).

The same views as the site's pages (:func:`.record_pages.review_view`,
:func:`.record_pages.answer_view`, :mod:`.assurance`) rendered by the same
autoescaped, sandboxed templates (``pdf-review.html``, ``pdf-actions.html``),
so a paper can show nothing that the site could not. A paper has no site frame:
no navigation, no scripts, one stylesheet for print (``pdf.css``). Making the PDF
and checking it are the ``papers`` package's work; this module only writes HTML.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from markupsafe import Markup

from ..model.collection import Answer, Review
from .assurance import plan_table
from .html import Table
from .record_pages import AnswerView, ReviewView, answer_view, review_view
from .sitemodel import SiteModel

__all__ = ["PaperView", "actions_paper", "review_paper"]

#: Each paper's template (both include the print stylesheet, ``pdf.css``).
REVIEW_TEMPLATE = "pdf-review.html"
ACTIONS_TEMPLATE = "pdf-actions.html"
#: The level of an answer's heading in a review's paper (it is the page's h1 on the site).
ANSWER_LEVEL = 3

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


@dataclass(frozen=True, slots=True)
class PaperView:
    """What a paper's template is given as ``paper``: its title and date, and its content."""

    title: str
    #: The build date (``YYYY-MM-DD``): the day the clocks and overdue flags are worked out for.
    date: str
    review: ReviewView | None = None
    answers: tuple[AnswerView, ...] = ()
    actions: Table | None = None
    reviews: int = 0


def review_paper(site: SiteModel, review: Review) -> str:
    """One review as a paper: facts, summary, findings, timeline, scorecard, answers, actions."""
    view = PaperView(
        title=f"{review.title}: case review",
        date=site.today.isoformat(),
        review=review_view(site, review),
        answers=tuple(
            _nested_answer(site, review, review.answers[number])
            for number in sorted(review.answers)
        ),
    )
    return site.templates.render(REVIEW_TEMPLATE, paper=view)


def _nested_answer(site: SiteModel, review: Review, answer: Answer) -> AnswerView:
    """The answer page's view, its record text's headings moved under the answer's heading.

    On the site an answer is a page of its own (its title the h1, its notes' "## Notes"
    an h2); in a paper it is a section at :data:`ANSWER_LEVEL`, and a screen reader's
    outline of the PDF must still nest its headings under it.
    """
    view = answer_view(site, review, answer)
    down = ANSWER_LEVEL - 1
    questions = [
        dataclasses.replace(q, note=_deeper(q.note, down)) if q.note is not None else q
        for q in view.questions
    ]
    return dataclasses.replace(view, body=_deeper(view.body, down), questions=questions)


def _deeper(text: Markup, levels: int) -> Markup:
    """The safe renderer's HTML with every heading ``levels`` lower (h2 → h4), h6 at most.

    Only the names of heading tags the renderer wrote change: nothing is added.
    """
    return Markup(
        _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}", str(text))
    )


def actions_paper(site: SiteModel) -> str:
    """Every action of every review in ``site`` as one table."""
    view = PaperView(
        title="Action plan",
        date=site.today.isoformat(),
        actions=plan_table(site, "actions/index.md"),
        reviews=len(site.reviews),
    )
    return site.templates.render(ACTIONS_TEMPLATE, paper=view)
