"""The publication check: the denylist of forbidden terms, and the scan of a built site
before anything leaves the team.

Imports ``model``, ``records`` and the leaf modules; never the checker or the pages.
"""

from __future__ import annotations
