"""The ``review-records`` command: check, new, schema."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from .cache import cached_problems
from .errors import ConfigurationError
from .report import REPORTERS
from .scaffold import REVIEW_TYPES, scaffold_review
from .settings import Settings, find_config, settings_from_mkdocs_yml

__all__ = ["main"]


@dataclass(frozen=True, slots=True)
class CheckArgs:
    """What ``review-records check`` was asked to do."""

    paths: tuple[Path, ...]
    config_file: Path | None
    output_format: str
    strict: bool


def _settings(config_file: Path | None) -> Settings:
    path = config_file if config_file is not None else find_config(Path.cwd())
    return settings_from_mkdocs_yml(path)


def _fail_setup(error: ConfigurationError) -> None:
    click.echo(f"review-records: error: {error}", err=True)
    sys.exit(2)


def _selected(settings: Settings, paths: tuple[Path, ...]) -> list[str] | None:
    if not paths:
        return None
    chosen = []
    for path in paths:
        if not path.exists():
            raise ConfigurationError(f"{path} does not exist")
        chosen.append(settings.relative(path.resolve()))
    return chosen


def _wanted(path: str, chosen: list[str] | None) -> bool:
    if chosen is None:
        return True
    return any(path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in chosen)


def execute_check(args: CheckArgs) -> int:
    """Run the check and print the report; returns the exit code."""
    settings = _settings(args.config_file)
    chosen = _selected(settings, args.paths)
    result = cached_problems(settings)
    problems = [problem for problem in result.problems if _wanted(problem.path, chosen)]
    click.echo(REPORTERS[args.output_format](problems, result.files_checked), nl=False)
    errors = sum(1 for problem in problems if problem.severity == "error")
    return 1 if errors or (args.strict and problems) else 0


_config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The mkdocs.yml of the records repository (default: found from here upwards).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="review-records")
def main() -> None:
    """Keep, check and learn from case review records."""


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="How to print the problems.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check_command(
    paths: tuple[Path, ...], config_file: Path | None, output_format: str, strict: bool
) -> None:
    """Check every record (or only PATHS) without building the site.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 setup error.
    """
    try:
        code = execute_check(CheckArgs(paths, config_file, output_format, strict))
    except ConfigurationError as error:
        _fail_setup(error)
    sys.exit(code)


@main.command("new")
@click.argument("review_id", metavar="ID")
@click.option("--title", required=True, help="The review's name, e.g. 'Child T'.")
@click.option(
    "--type", "review_type", type=click.Choice(REVIEW_TYPES), default="lcspr", show_default=True
)
@click.option("--partnership", default="Partnership to be named", help="Who commissioned it.")
@_config_option
def new_command(
    review_id: str, title: str, review_type: str, partnership: str, config_file: Path | None
) -> None:
    """Create reviews/ID with index.md and one file per marker. Never overwrites."""
    try:
        from .checker import Checker

        settings = _settings(config_file)
        result = Checker(settings).run()
        markers = result.collection.markers
        if len(markers) != 18:
            raise ConfigurationError(
                "the marker catalogue has problems; run 'review-records check'"
            )
        written = scaffold_review(
            settings.path(settings.reviews_dir),
            review_id,
            markers,
            title=title,
            review_type=review_type,
            partnership=partnership,
        )
    except ConfigurationError as error:
        _fail_setup(error)
    click.echo(f"created {settings.relative(written[0].parent)}/ with {len(written)} files")


@main.command("schema")
@click.argument("name", type=click.Choice(["answer", "marker", "review"]))
@_config_option
def schema_command(name: str, config_file: Path | None) -> None:
    """Print the JSON Schema for a review, a marker answer or a marker."""
    from .schemas import read_schema

    try:
        settings = _settings(config_file)
        schema = read_schema(settings.path(settings.schema_dir), name)
    except ConfigurationError as error:
        _fail_setup(error)
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))
