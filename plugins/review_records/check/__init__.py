"""Check records: JSON Schema, cross-references, identifiers, the marker catalogue; the
result, its cache and its reporters.

Stage 3: records in, problems and a :class:`~.checker.CheckResult` out. Imports
``safety``, ``model``, ``records`` and the leaf modules. Never prints.
"""

from __future__ import annotations
