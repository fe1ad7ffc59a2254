"""The national classification of reviews, as pages show it: incident, age band, harm types.

A review page lists its own; the dashboard counts the reviews by each; the
filters of ``/reviews/`` read each row's values.
"""

from __future__ import annotations

from collections import Counter

from ..model.classification import AGE_BANDS, INCIDENTS
from ..model.collection import Review, Vocabulary
from .html import Cell, Table
from .sitemodel import SiteModel

__all__ = [
    "classification_breakdowns",
    "classification_facts",
    "facet_labels",
    "facet_values",
]


def classification_facts(site: SiteModel, review: Review) -> list[tuple[str, str]]:
    """Rows for a review page's facts table: incident, age band, harm types (when recorded)."""
    harms = site.collection.vocabulary.harm_types
    rows = []
    if review.incident:
        rows.append(("Incident", INCIDENTS.get(review.incident, review.incident)))
    if review.age_band:
        rows.append(("Age band", AGE_BANDS.get(review.age_band, review.age_band)))
    if review.harm_types:
        rows.append(("Harm types", ", ".join(harms.get(h, h) for h in review.harm_types)))
    return rows


def classification_breakdowns(site: SiteModel) -> list[Table]:
    """The dashboard's counts of reviews by incident, age band and harm type (or none)."""
    reviews = site.reviews
    if not any(r.incident or r.age_band or r.harm_types for r in reviews):
        return []
    unrecorded = "Not recorded"
    incidents = Counter(r.incident for r in reviews)
    ages = Counter(r.age_band for r in reviews)
    harms = Counter(h for r in reviews for h in r.harm_types)
    titles = site.collection.vocabulary.harm_types
    harm_rows: list[list[Cell]] = [
        [titles.get(slug, slug), str(count)]
        for slug, count in sorted(harms.items(), key=lambda item: (-item[1], item[0]))
    ]
    none = sum(1 for r in reviews if not r.harm_types)
    return [
        Table(
            ["Incident", "Reviews"],
            [
                *([label, str(incidents[slug])] for slug, label in INCIDENTS.items()),
                [unrecorded, str(incidents[None])],
            ],
        ),
        Table(
            ["Age band", "Reviews"],
            [
                *([label, str(ages[slug])] for slug, label in AGE_BANDS.items()),
                [unrecorded, str(ages[None])],
            ],
        ),
        Table(["Harm type", "Reviews"], [*harm_rows, [unrecorded, str(none)]]),
    ]


def facet_labels(vocabulary: Vocabulary) -> dict[str, dict[str, str]]:
    """Filter key → value → label, for the classification filters on ``/reviews/``."""
    return {"incident": INCIDENTS, "age-band": AGE_BANDS, "harm-types": vocabulary.harm_types}


def facet_values(review: Review) -> dict[str, str]:
    """Filter key → the review's values (space-separated), as ``/reviews/`` rows carry them."""
    return {
        "incident": review.incident or "",
        "age-band": review.age_band or "",
        "harm-types": " ".join(review.harm_types),
    }
