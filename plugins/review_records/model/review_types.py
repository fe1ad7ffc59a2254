"""The kinds of review, with the words pages show for them.

A module of its own, importing nothing: ``review-records new`` offers them as
choices, and every command line start (a cached check too) imports it.
"""

from __future__ import annotations

__all__ = ["REVIEW_TYPES"]

#: ``review_type`` → label (the review schema's enum lists the same values).
REVIEW_TYPES = {
    "scr": "Serious case review",
    "lcspr": "Local child safeguarding practice review",
    "rapid-review": "Rapid review",
    "other": "Other review",
}
