"""A board paper from a checked collection: HTML, its check, the PDF, the PDF's check.

Fail closed: the bytes of a PDF are returned only when its HTML passed the
publication check and the text read back from the PDF holds no denylisted term
and none of the private values of the records it was made from. Otherwise
:class:`PaperRefused` carries every finding, and nothing is returned to write.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from ..errors import ConfigurationError
from ..model.collection import Collection, Review
from ..pages.papers import actions_paper, review_paper
from ..pages.sitemodel import SiteModel
from ..pages.templating import Templates, default_templates
from ..problems import Problem, Severity, sort_problems
from ..safety.papers import PrivateValue, check_paper_html, check_paper_text, private_values
from ..settings import Settings
from .pdftext import UnreadablePdf, pdf_texts
from .render import RenderRefused, render_pdf

__all__ = ["Paper", "PaperRefused", "actions_pdf", "review_pdf"]


@dataclass(frozen=True, slots=True)
class Paper:
    """A checked PDF, ready to write: its bytes, its page count and what it shows."""

    data: bytes
    pages: int
    reviews: int


class PaperRefused(Exception):
    """The paper failed its check: nothing may be written. ``problems`` says why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sort_problems(problems)


def _site(settings: Settings, collection: Collection, today: dt.date, drafts: bool) -> SiteModel:
    folder = settings.templates_dir
    templates = (
        default_templates() if folder is None else Templates(settings.path(folder), settings.root)
    )
    # Links in a paper are text, so their form does not matter; the site's default is kept.
    return SiteModel.build(
        collection,
        include_drafts=drafts,
        today=today,
        target_months=settings.target_months,
        templates=templates,
    )


def _files(reviews: list[Review]) -> list[str]:
    return [
        path for r in reviews for path in (r.file.path, *(a.file.path for a in r.answers.values()))
    ]


def review_pdf(
    settings: Settings,
    collection: Collection,
    review_id: str,
    *,
    include_drafts: bool,
    today: dt.date,
    name: str,
) -> Paper:
    """The paper of one review; ``name`` is how messages call the PDF (its file name)."""
    review = collection.reviews.get(review_id)
    if review is None:
        close = difflib.get_close_matches(review_id, sorted(collection.reviews), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigurationError(
            f"there is no review {review_id!r} in {settings.reviews_dir}/ "
            f"(REVIEW_ID is the name of its folder){hint}"
        )
    if review.is_draft and not include_drafts:
        raise ConfigurationError(
            f"{review.file.path}: {review_id} is a draft; drafts are never published: "
            "add --include-drafts to make a paper of it anyway"
        )
    site = _site(settings, collection, today, include_drafts)
    document = review_paper(site, site.collection.reviews[review_id])
    return _checked(settings, document, private_values(settings, _files([review])), name, 1)


def actions_pdf(
    settings: Settings, collection: Collection, *, include_drafts: bool, today: dt.date, name: str
) -> Paper:
    """The action plan of every published review (drafts too with ``include_drafts``)."""
    site = _site(settings, collection, today, include_drafts)
    document = actions_paper(site)
    private = private_values(settings, _files(site.reviews))
    return _checked(settings, document, private, name, len(site.reviews))


def _checked(
    settings: Settings, document: str, private: list[PrivateValue], name: str, reviews: int
) -> Paper:
    problems = check_paper_html(settings, f"{name} (its HTML)", document, private)
    if problems:
        raise PaperRefused(problems)
    try:
        data = render_pdf(document)
        texts = pdf_texts(data)
    except (RenderRefused, UnreadablePdf) as error:
        raise PaperRefused([_refused(name, str(error))]) from None
    problems = check_paper_text(settings, name, texts, private)
    if problems:
        raise PaperRefused(problems)
    return Paper(data, sum(1 for where, _ in texts if where.startswith("page ")), reviews)


def _refused(name: str, message: str) -> Problem:
    return Problem(name, 1, 1, Severity.ERROR, "paper-refused", message)
