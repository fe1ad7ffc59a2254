"""The Hypothesis settings the property tests share."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: ``FUZZ_SCALE=20 pytest tests/test_fuzz.py`` runs 20 times as many examples (a long hunt).
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))

FAST = settings(
    max_examples=250 * SCALE,
    deadline=None,
    database=None,  # write nothing outside the tmp folders
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
