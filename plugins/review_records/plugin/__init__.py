"""The MkDocs plugin: the only code that imports ``mkdocs`` or ``markdown``, and the theme's Jinja.

Hooks that delegate to the core; the entry point is ``review_records.plugin:ReviewRecordsPlugin``.
"""

from __future__ import annotations

from .plugin import ReviewRecordsPlugin

__all__ = ["ReviewRecordsPlugin"]
