"""The Jinja environment generated pages are rendered in, and overrides from ``templates_dir``.

Every page kind has a template in this package (``templates/``), rendered with
autoescape on, so a value is escaped unless it is :class:`markupsafe.Markup`.
A partnership changes a page by putting a file of the same name in its
``templates_dir``; the package's own stays reachable as ``default/<name>``, so
an override can extend it and replace one block.

Overrides run in Jinja's sandbox. The objects a template is given hold words,
links and finished HTML, never a record (privacy by type, see the README), and
the sandbox refuses the attribute walks (``__class__``, ``__globals__``…) that
would lead from them to the rest of the process.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..errors import ConfigurationError

__all__ = ["PAGE_TEMPLATES", "Templates", "default_templates"]

#: The template of each page kind (DESIGN.md §4, ``templates_dir``; ``heatmap.html``, the
#: heat map of one year, is this package's addition).
PAGE_TEMPLATES = (
    "dashboard.html",
    "reviews.html",
    "review.html",
    "answer.html",
    "markers.html",
    "marker.html",
    "themes.html",
    "theme.html",
    "agencies.html",
    "agency.html",
    "actions.html",
    "heatmap.html",
    "action-list.html",
    "theme-findings.html",
)


class Templates:
    """The templates of one build: the package's, with ``folder``'s files in their place."""

    def __init__(self, folder: Path | None = None, root: Path | None = None) -> None:
        """Templates from ``folder`` first; messages show paths relative to ``root``."""
        self.root = root
        if folder is not None and not folder.is_dir():
            raise ConfigurationError(f"templates_dir {self.shown(folder)} is not a folder")
        self.folder = folder
        package = PackageLoader("review_records.pages", "templates")
        loaders: list[Any] = [FileSystemLoader(folder)] if folder is not None else []
        loaders += [PrefixLoader({"default": package}), package]
        self._env = SandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        #: What the overrides say, for telling a serve rebuild that a page may have changed.
        self.digest = _folder_digest(folder)

    def render(self, name: str, **context: object) -> Markup:
        """Render template ``name``; a broken override stops the build, naming file and line."""
        try:
            template = self._env.get_template(name)
            return Markup(template.render(**context))
        except TemplateSyntaxError as error:
            where = self.shown(Path(error.filename or name))
            raise ConfigurationError(_where(where, error.lineno, error.message)) from error
        except Exception as error:  # an override is code: whatever it raises is its author's
            filename, line = _innermost(error, name)
            raise ConfigurationError(
                _where(self.shown(Path(filename)), line, str(error))
            ) from error

    def shown(self, path: Path) -> str:
        """``path`` as messages show it: relative to the repository when it is inside it."""
        if self.root is not None and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return path.as_posix()


@functools.cache
def default_templates() -> Templates:
    """The package's templates alone (one environment per process: it compiles once)."""
    return Templates()


def _where(place: str, line: int | None, message: str | None) -> str:
    return f"{place}:{line or 1}: template error: {message or 'cannot render'}"


def _innermost(error: Exception, name: str) -> tuple[str, int]:
    """Where ``error`` happened: the innermost template frame (Jinja maps them to its lines)."""
    filename, line = name, 1
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code.co_filename
        if code.endswith(".html"):
            filename, line = code, tb.tb_lineno
        tb = tb.tb_next
    return filename, line


def _folder_digest(folder: Path | None) -> str:
    if folder is None:
        return ""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
