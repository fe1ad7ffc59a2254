"""Template overrides for tests: files in a ``templates/`` folder, named in mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

__all__ = ["use_templates"]


def use_templates(root: Path, templates: dict[str, str]) -> None:
    """Write ``templates`` (name → text) into ``root/templates`` and set ``templates_dir``.

    The project's mkdocs.yml lists the plugin with options (``- review-records:``),
    the test repositories' without (``- review-records``); either gets the option.
    """
    folder = root / "templates"
    folder.mkdir()
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    option = "  - review-records:\n      templates_dir: templates\n"
    for entry in ("  - review-records:\n", "  - review-records\n"):
        if entry in text:
            config.write_text(text.replace(entry, option, 1), encoding="utf-8")
            return
    raise AssertionError(f"{config} does not list the review-records plugin")
