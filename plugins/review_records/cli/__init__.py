"""The ``review-records`` command: the only code that prints or imports ``click``.

The entry point is ``review_records.cli:main``.
"""

from __future__ import annotations

from . import papers  # noqa: F401 (importing it adds `review-records pdf` to main)
from .commands import main

__all__ = ["main"]
