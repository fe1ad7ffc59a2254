"""The words pages use for record values (review type, status, judgement)."""

from __future__ import annotations

from ..model.review_types import REVIEW_TYPES
from .charts import JUDGEMENT_SYMBOLS
from .sitemodel import judgement_label

__all__ = ["judgement_text", "review_type_label", "status_label"]

_STATUSES = {
    "draft": "Draft",
    "in-progress": "In progress",
    "completed": "Completed",
    "published": "Published",
}


def review_type_label(slug: str) -> str:
    """``Local child safeguarding practice review`` for ``lcspr``."""
    return REVIEW_TYPES.get(slug, slug)


def status_label(slug: str) -> str:
    """``In progress`` for ``in-progress``."""
    return _STATUSES.get(slug, slug)


def judgement_text(slug: str) -> str:
    """``✓ Met``: the words with the heat map's symbol, so colour is never needed."""
    return f"{JUDGEMENT_SYMBOLS.get(slug, '')} {judgement_label(slug)}".strip()
