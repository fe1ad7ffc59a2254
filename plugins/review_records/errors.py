"""The small exception hierarchy: setup problems, as opposed to problems in records."""

from __future__ import annotations


class ReviewRecordsError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigurationError(ReviewRecordsError):
    """The setup is broken (missing folder, unreadable schema, bad option): exit code 2."""
