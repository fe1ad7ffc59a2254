"""The plugin's options in ``mkdocs.yml`` (``plugins: - review-records: {...}``).

MkDocs needs each option declared, with its default. Their values are checked in
one place, :func:`review_records.settings.settings_from_options`, which the
command line uses too; ``tests/test_settings.py`` keeps the names and defaults
here equal to :class:`~review_records.settings.Settings`.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base

__all__ = ["PluginConfig"]


class _Declared(base.BaseConfigOption[Any]):
    """An option MkDocs passes on as written: ``settings_from_options`` checks it."""

    def __init__(self, default: Any) -> None:
        super().__init__()
        self.default = default


class PluginConfig(base.Config):
    """Options of the ``review-records`` plugin (DESIGN.md §4)."""

    enabled = _Declared(True)
    """Turn the plugin off without removing it."""
    reviews_dir = _Declared("reviews")
    """Folder of review folders, relative to mkdocs.yml."""
    markers_dir = _Declared("markers")
    """Folder of the marker catalogue, relative to mkdocs.yml."""
    schema_dir = _Declared("schema")
    """Folder of the JSON Schemas and vocabulary.yml, relative to mkdocs.yml."""
    include_drafts = _Declared(False)
    """Publish draft reviews too. Never set this for a site that leaves the team."""
    denylist = _Declared(None)
    """File of forbidden terms (plain or ``sha256:<hex>`` lines), kept outside the repository."""
    target_months = _Declared(6)
    """Timeliness target: months from commissioning to completion."""
    rules = _Declared({})
    """Rule id → ``error`` or ``warning``: the severity its problems are reported at."""
    templates_dir = _Declared(None)
    """Folder of page templates (``review.html``…) that replace the package's own."""
    csp = _Declared(True)
    """A strict Content-Security-Policy ``<meta>`` on every page. Off only with a reason."""
    search = _Declared(True)
    """Index the published pages with Pagefind, and add the search page and box."""
