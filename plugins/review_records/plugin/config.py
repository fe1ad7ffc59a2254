"""The plugin's options in ``mkdocs.yml`` (``plugins: - review-records: {...}``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt

__all__ = ["PluginConfig"]


class PluginConfig(base.Config):
    """Options of the ``review-records`` plugin (DESIGN.md §4)."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it."""
    reviews_dir = opt.Type(str, default="reviews")
    """Folder of review folders, relative to mkdocs.yml."""
    markers_dir = opt.Type(str, default="markers")
    """Folder of the marker catalogue, relative to mkdocs.yml."""
    schema_dir = opt.Type(str, default="schema")
    """Folder of the JSON Schemas and vocabulary.yml, relative to mkdocs.yml."""
    include_drafts = opt.Type(bool, default=False)
    """Publish draft reviews too. Never set this for a site that leaves the team."""
    denylist = opt.Optional(opt.Type(str))
    """File of forbidden terms (plain or ``sha256:<hex>`` lines), kept outside the repository."""
    target_months = opt.Type(int, default=6)
    """Timeliness target: months from commissioning to completion."""
    csp = opt.Type(bool, default=True)
    """A strict Content-Security-Policy ``<meta>`` on every page. Off only with a reason."""
