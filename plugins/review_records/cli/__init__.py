"""The ``review-records`` command: the only code that prints or imports ``click``.

The entry point is ``review_records.cli:main``.
"""

from __future__ import annotations

from .commands import main

__all__ = ["main"]
