"""Where a records repository keeps things, read from ``mkdocs.yml`` without MkDocs."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigurationError

__all__ = [
    "OPTION_NAMES",
    "PLUGIN_NAME",
    "Settings",
    "build_date",
    "find_config",
    "settings_from_mkdocs_yml",
    "settings_from_options",
]

PLUGIN_NAME = "review-records"


def build_date() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` so that builds can be reproduced.

    The site and ``review-records export`` both work out clocks for this date.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True, slots=True)
class Settings:
    """The plugin options that the core needs, with the repository root resolved.

    Attributes:
        root: the folder of ``mkdocs.yml``; reported paths are relative to it.
        reviews_dir: folder of review folders.
        markers_dir: folder of the marker catalogue.
        schema_dir: folder of the JSON Schemas and ``vocabulary.yml``.
        include_drafts: publish draft reviews too (never for a publication build).
        denylist: file of forbidden terms, if any.
        target_months: timeliness target for a review, in months.
        csp: give every page a strict Content-Security-Policy (on unless turned off).
        templates_dir: folder of page templates that replace the package's, if any.
        search: index the published pages with Pagefind and add the search page (on).
        rules: ``(rule id, "error" | "warning")`` pairs from the ``rules`` option, sorted;
            the rules catalogue checks the ids (``rules.severity_overrides``).
        docs_dir: MkDocs' folder of hand-written pages (from mkdocs.yml, not an option).
    """

    root: Path
    reviews_dir: str = "reviews"
    markers_dir: str = "markers"
    schema_dir: str = "schema"
    include_drafts: bool = False
    denylist: str | None = None
    target_months: int = 6
    csp: bool = True
    templates_dir: str | None = None
    search: bool = True
    rules: tuple[tuple[str, str], ...] = ()
    docs_dir: str = "docs"

    def path(self, relative: str) -> Path:
        """An absolute path for a folder option."""
        return (self.root / relative).resolve()

    def relative(self, path: Path) -> str:
        """The POSIX path of ``path`` relative to the root, as reports show it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, turning tags such as ``!ENV`` or ``!!python/name`` into None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def find_config(start: Path) -> Path:
    """Find ``mkdocs.yml`` in ``start`` or the nearest folder above it."""
    for folder in (start, *start.parents):
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            candidate = folder / name
            if candidate.is_file():
                return candidate
    raise ConfigurationError(f"no mkdocs.yml in {start} or any folder above it")


def _plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: opts} for name, opts in plugins.items()]
    for entry in plugins:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return None


def _is_folder(value: object) -> bool:
    return isinstance(value, str)


def _is_flag(value: object) -> bool:
    return isinstance(value, bool)


def _is_file_or_none(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_folder_or_none(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_months(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _is_rules(value: object) -> bool:
    if value is None:  # `rules:` with every entry commented out
        return True
    return isinstance(value, dict) and all(
        isinstance(rule, str) and severity in ("error", "warning")
        for rule, severity in value.items()
    )


#: Option name → (is its value allowed, what the error says it must be). The one check of
#: option values: the CLI reads them from mkdocs.yml, the plugin from MkDocs' config.
_CHECKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "enabled": (_is_flag, "must be true or false"),
    "reviews_dir": (_is_folder, "must be a folder name"),
    "markers_dir": (_is_folder, "must be a folder name"),
    "schema_dir": (_is_folder, "must be a folder name"),
    "include_drafts": (_is_flag, "must be true or false"),
    "denylist": (_is_file_or_none, "must be the path of a file"),
    "target_months": (_is_months, "must be a whole number ≥ 1"),
    "csp": (_is_flag, "must be true or false"),
    "templates_dir": (_is_folder_or_none, "must be the path of a folder of templates"),
    "search": (_is_flag, "must be true or false"),
    "rules": (_is_rules, "must map rule ids to error or warning, e.g. identifier-phone: error"),
}

#: Every option the plugin takes in mkdocs.yml (``plugin/config.py`` declares them to MkDocs).
OPTION_NAMES = frozenset(_CHECKS)


def settings_from_options(root: Path, options: dict[str, Any], docs_dir: str = "docs") -> Settings:
    """Build Settings from the plugin's options, checking every value.

    ``enabled`` is checked but not kept: a disabled plugin builds no Settings.
    """
    unknown = sorted(set(options) - OPTION_NAMES)
    if unknown:
        raise ConfigurationError(f"unknown {PLUGIN_NAME} option(s): {', '.join(unknown)}")
    for key, value in options.items():
        allowed, must = _CHECKS[key]
        if not allowed(value):
            raise ConfigurationError(f"{PLUGIN_NAME} option {key} {must}")
    kwargs = {key: value for key, value in options.items() if key != "enabled"}
    if "rules" in kwargs:
        kwargs["rules"] = tuple(sorted((kwargs["rules"] or {}).items()))
    return Settings(root=root.resolve(), docs_dir=docs_dir, **kwargs)


def settings_from_mkdocs_yml(config_file: Path) -> Settings:
    """Read the plugin's options from ``mkdocs.yml`` (defaults if the plugin is not listed)."""
    try:
        with config_file.open(encoding="utf-8") as stream:
            config = yaml.load(stream, Loader=_TolerantLoader)
    except OSError as exc:
        raise ConfigurationError(f"cannot read {config_file}: {exc.strerror}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{config_file} is not valid YAML: {exc}") from exc
    if not isinstance(config, dict):
        raise ConfigurationError(f"{config_file} must be a YAML mapping")
    options = _plugin_options(config) or {}
    docs_dir = config.get("docs_dir")
    return settings_from_options(
        config_file.parent, options, docs_dir if isinstance(docs_dir, str) else "docs"
    )
