"""Board papers: a review, or the whole action plan, as one print document (HTML for a PDF).

The same views as the site's pages (:func:`.record_pages.review_view`,
:func:`.record_pages.answer_view`, :mod:`.assurance`) rendered by the same
autoescaped, sandboxed templates (``pdf-review.html``, ``pdf-actions.html``),
so a paper can show nothing that the site could not. A paper has no site frame:
no navigation, no scripts, one stylesheet for print (``pdf.css``). Making the PDF
and checking it are the ``papers`` package's work; this module only writes HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.collection import Review
from .assurance import plan_table
from .html import Table
from .record_pages import AnswerView, ReviewView, answer_view, review_view
from .sitemodel import SiteModel

__all__ = ["PaperView", "actions_paper", "review_paper"]

#: Each paper's template, and the print stylesheet they both include.
REVIEW_TEMPLATE = "pdf-review.html"
ACTIONS_TEMPLATE = "pdf-actions.html"


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
            answer_view(site, review, review.answers[number]) for number in sorted(review.answers)
        ),
    )
    return site.templates.render(REVIEW_TEMPLATE, paper=view)


def actions_paper(site: SiteModel) -> str:
    """Every action of every review in ``site`` as one table."""
    view = PaperView(
        title="Action plan",
        date=site.today.isoformat(),
        actions=plan_table(site, "actions/index.md"),
        reviews=len(site.reviews),
    )
    return site.templates.render(ACTIONS_TEMPLATE, paper=view)
