"""The model of a checked collection: reviews, answers, markers and vocabularies, how
they are built from schema-valid records, and where each record is published.

Stage 2. Imports ``records`` and the leaf modules. Nothing private reaches the model.
"""

from __future__ import annotations
