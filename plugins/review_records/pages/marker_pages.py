"""A marker's page: its statement and questions, and every review's judgement of it."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.collection import STAGES, Marker
from .charts import distribution_bar
from .html import Markup, Table
from .record_pages import judgement_rows
from .sitemodel import SiteModel, judgement_label, marker_uri
from .views import SiteView

__all__ = ["MarkerView", "marker_page", "marker_view"]


@dataclass(frozen=True, slots=True)
class MarkerQuestion:
    """A question of the catalogue, and whether this project wrote it."""

    id: str
    text: str
    ours: bool


@dataclass(frozen=True, slots=True)
class MarkerView:
    """What ``marker.html`` shows (given to the template as ``marker``)."""

    number: int
    title: str
    label: str
    stage: str
    body: Markup
    questions: list[MarkerQuestion]
    bar: Markup
    answers: Table


def marker_view(site: SiteModel, marker: Marker) -> MarkerView:
    """The view of ``markers/qmNN.md``."""
    uri = marker_uri(marker.number)
    answers = site.answers_for(marker.number)
    rows = judgement_rows(site, uri, answers)
    return MarkerView(
        number=marker.number,
        title=marker.title,
        label=site.marker_name(marker.number),
        stage=STAGES[marker.stage],
        body=site.text_html(marker.file.body, uri, marker.file.path),
        questions=[
            MarkerQuestion(qid, text, qid in marker.project_questions)
            for qid, text in marker.questions.items()
        ],
        bar=Markup(distribution_bar([a.judgement for a in answers], judgement_label)),
        answers=Table(
            ["Review", "Judgement"], rows, "No published review has answered this marker yet."
        ),
    )


def marker_page(site: SiteModel, marker: Marker) -> str:
    """``markers/qmNN.md``: statement and questions, and every review's judgement."""
    uri = marker_uri(marker.number)
    view = marker_view(site, marker)
    return site.templates.render("marker.html", marker=view, site=SiteView(site, uri))
