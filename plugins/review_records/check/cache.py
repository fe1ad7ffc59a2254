"""A result cache for ``review-records check``: nothing changed, nothing re-read.

The key is every record file's path, modification time and size, plus the schema
files and the options. Any change misses the cache and the full check runs. The
cache is best-effort: a folder that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from ..problems import Problem, Severity
from ..records.sources import Layout, discover
from ..rules import severity_overrides
from ..safety.denylist import denylist_stamp
from ..settings import Settings

__all__ = ["CACHE_DIR", "CachedResult", "cached_problems"]

#: Relative to the folder of mkdocs.yml; ignored by git.
CACHE_DIR = ".cache/review-records"


class CachedResult:
    """Problems and file count of a run, possibly read from the cache."""

    def __init__(self, problems: list[Problem], files_checked: int) -> None:
        self.problems = problems
        self.files_checked = files_checked


def _fingerprint(settings: Settings, layout: Layout) -> str:
    digest = hashlib.sha256()
    digest.update(f"{settings!r}|{denylist_stamp(settings)}".encode())
    schema_dir = settings.path(settings.schema_dir)
    # The code counts too (each file's time and size), so an upgrade or an edit in a
    # development checkout misses. Asking importlib.metadata for the version as well
    # would slow every cached run noticeably.
    # The package's modules sit in sub-packages, so every one of them is looked at.
    package = Path(__file__).parent.parent
    extra = [(path.name, path) for path in sorted(schema_dir.glob("*.json"))]
    extra += [
        (path.relative_to(package).as_posix(), path) for path in sorted(package.rglob("*.py"))
    ]
    for name, path in extra:
        stat = path.stat()
        digest.update(f"{name}|{stat.st_mtime_ns}|{stat.st_size}\n".encode())
    for source in layout.files():
        digest.update(f"{source.relpath}|{source.mtime_ns}|{source.size}\n".encode())
    for problem in layout.problems:
        digest.update(problem.format().encode())
    return digest.hexdigest()


def cached_problems(
    settings: Settings, progress: Callable[[str], None] | None = None
) -> CachedResult:
    """Check the repository, reusing the last result when no file has changed.

    ``progress`` receives a line now and then on a long (uncached) run.
    """
    severity_overrides(settings.rules)  # a bad `rules` option fails a cached run too
    layout = discover(settings)
    key = _fingerprint(settings, layout)
    cache_file = settings.root / CACHE_DIR / "check.json"
    try:
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            problems = [
                Problem(
                    p["path"],
                    p["line"],
                    p["column"],
                    Severity(p["severity"]),
                    p["rule"],
                    p["message"],
                )
                for p in stored["problems"]
            ]
            return CachedResult(problems, stored["files"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no usable cache: check everything
    from ..parallel import default_workers
    from .checker import Checker  # imported here so a cache hit never loads jsonschema

    result = Checker(settings, workers=default_workers(), progress=progress).run(layout)
    _store(cache_file, key, result.problems, result.files_checked)
    return CachedResult(result.problems, result.files_checked)


def _store(cache_file: Path, key: str, problems: list[Problem], files: int) -> None:
    payload = {"key": key, "files": files, "problems": [p.as_dict() for p in problems]}
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(payload), encoding="utf-8")
        temporary.replace(cache_file)
    except OSError:
        pass  # a read-only checkout still gets a correct, uncached answer
