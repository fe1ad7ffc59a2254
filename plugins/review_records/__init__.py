"""review-records: keep, check and learn from child safeguarding case reviews.

The public API is re-exported here. Names are loaded on first use so that a
cached ``review-records check`` never pays for importing jsonschema.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .check.checker import Checker, CheckResult
    from .errors import ConfigurationError, ReviewRecordsError
    from .model.collection import Collection
    from .problems import Problem, Severity
    from .settings import Settings, settings_from_mkdocs_yml

__all__ = [
    "CheckResult",
    "Checker",
    "Collection",
    "ConfigurationError",
    "Problem",
    "ReviewRecordsError",
    "Settings",
    "Severity",
    "settings_from_mkdocs_yml",
]

_HOMES = {
    "CheckResult": "check.checker",
    "Checker": "check.checker",
    "Collection": "model.collection",
    "ConfigurationError": "errors",
    "Problem": "problems",
    "ReviewRecordsError": "errors",
    "Settings": "settings",
    "Severity": "problems",
    "settings_from_mkdocs_yml": "settings",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
