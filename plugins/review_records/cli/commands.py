"""The ``review-records`` command: check, fmt, new, schema, export, hosting."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import click

from ..check.cache import CachedResult, cached_problems
from ..check.report import REPORTERS
from ..edit.scaffold import scaffold_review
from ..errors import ConfigurationError
from ..model.review_types import REVIEW_TYPES
from ..settings import Settings, build_date, find_config, settings_from_mkdocs_yml
from .output import write_output

__all__ = ["main"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


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


def _fail_setup(error: ConfigurationError) -> NoReturn:
    click.echo(f"review-records: error: {error}", err=True)
    sys.exit(2)


def _setup_errors_exit_2(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """A broken setup (not a broken record) ends any command with its message and exit 2."""

    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return command(*args, **kwargs)
        except ConfigurationError as error:
            _fail_setup(error)

    return run


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


def _focused(settings: Settings, chosen: list[str]) -> CachedResult | None:
    """Check only what ``chosen`` needs (fast enough for every commit), or None for all."""
    from ..check.checker import Checker
    from ..check.selection import focus
    from ..records.sources import discover

    layout = focus(discover(settings), chosen)
    if layout is None:
        return None
    result = Checker(settings).run(layout)
    return CachedResult(result.problems, len(layout.files()))


def _progress(line: str) -> None:
    click.echo(f"review-records: {line}", err=True)


def execute_check(args: CheckArgs) -> int:
    """Run the check and print the report; returns the exit code."""
    settings = _settings(args.config_file)
    chosen = _selected(settings, args.paths)
    result = _focused(settings, chosen) if chosen else None
    if result is None:
        result = cached_problems(settings, progress=_progress)
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
@_setup_errors_exit_2
def check_command(
    paths: tuple[Path, ...], config_file: Path | None, output_format: str, strict: bool
) -> None:
    """Check every record (or only PATHS) without building the site.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 setup error.
    """
    sys.exit(execute_check(CheckArgs(paths, config_file, output_format, strict)))


@main.command("new")
@click.argument("review_id", metavar="ID")
@click.option("--title", required=True, help="The review's name, e.g. 'Child T'.")
@click.option(
    "--type",
    "review_type",
    type=click.Choice(list(REVIEW_TYPES)),
    default="lcspr",
    show_default=True,
)
@click.option("--partnership", default="Partnership to be named", help="Who commissioned it.")
@_config_option
@_setup_errors_exit_2
def new_command(
    review_id: str, title: str, review_type: str, partnership: str, config_file: Path | None
) -> None:
    """Create reviews/ID with index.md and one file per marker. Never overwrites."""
    from ..check.checker import Checker

    settings = _settings(config_file)
    result = Checker(settings).run()
    markers = result.collection.markers
    if len(markers) != 18:
        raise ConfigurationError("the marker catalogue has problems; run 'review-records check'")
    written = scaffold_review(
        settings.path(settings.reviews_dir),
        review_id,
        markers,
        title=title,
        review_type=review_type,
        partnership=partnership,
    )
    click.echo(f"created {settings.relative(written[0].parent)}/ with {len(written)} files")


@main.command("schema")
@click.argument("name", type=click.Choice(["answer", "export", "marker", "review"]))
@_config_option
@_setup_errors_exit_2
def schema_command(name: str, config_file: Path | None) -> None:
    """Print the JSON Schema for a review, a marker answer, a marker or the export."""
    from ..check.schemas import read_schema

    settings = _settings(config_file)
    schema = read_schema(settings.path(settings.schema_dir), name)
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))


@main.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="JSON as in /data/reviews.json, or one CSV row per review.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output.",
)
@click.option("--include-drafts", is_flag=True, help="Export draft reviews too.")
@click.option(
    "--actions",
    "action_plan",
    is_flag=True,
    help="With --format csv: the action plan instead, one row per action.",
)
@click.option("--force", is_flag=True, help="With -o: replace the file if it exists.")
@_config_option
@_setup_errors_exit_2
def export_command(
    output_format: str,
    output: Path | None,
    include_drafts: bool,
    action_plan: bool,
    force: bool,
    config_file: Path | None,
) -> None:
    """Export review metadata and the review × marker judgement matrix (or the action plan).

    With -o, an existing file is left as it is unless --force is given.
    """
    from ..check.checker import Checker
    from ..pages.export import export_data, to_actions_csv, to_csv, to_json

    if action_plan and output_format != "csv":
        raise ConfigurationError("--actions writes the action plan as CSV: add --format csv")
    settings = _settings(config_file)
    result = Checker(settings).run()
    if result.errors:
        click.echo(REPORTERS["text"](result.problems, result.files_checked), nl=False, err=True)
        click.echo("review-records: nothing exported: fix the errors first", err=True)
        sys.exit(1)
    view = result.collection.published_view(include_drafts)
    if action_plan:
        text = to_actions_csv(view)
        actions = sum(len(a.actions) for r in view.reviews.values() for a in r.answers.values())
        count = f"{actions} action(s)"
    else:
        data = export_data(view, build_date(), settings.target_months)
        text = to_json(data) if output_format == "json" else to_csv(data)
        count = f"{len(data['reviews'])} review(s)"
    if output is None:
        click.echo(text, nl=False)
        return
    write_output(settings, output, text, overwrite=force)
    click.echo(f"wrote {count} to {output}", err=True)


@main.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_config_option
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file would change."
)
@_setup_errors_exit_2
def fmt_command(paths: tuple[Path, ...], config_file: Path | None, check_only: bool) -> None:
    """Put front matter in the house style: key order and quoting; values and comments kept.

    Exit status: 0 nothing to do (or done), 1 a file would change (--check) or has
    front-matter errors, 2 setup error.
    """
    from ..edit.fmt import format_records
    from ..problems import sort_problems

    settings = _settings(config_file)
    run = format_records(settings, _selected(settings, paths), check_only=check_only)
    for problem in sort_problems(run.problems):
        click.echo(problem.format())
    verb = "would reformat" if check_only else "reformatted"
    for path in run.changed:
        click.echo(f"{verb} {path}")
    click.echo(
        f"{run.files} file{'s' if run.files != 1 else ''} checked: {len(run.changed)} {verb}"
        + (f", {len(run.problems)} left as is with problems" if run.problems else "")
    )
    sys.exit(run.exit_code)


@main.group("hosting")
def hosting_group() -> None:
    """Web-server configuration for the built site."""


_file = click.Path(dir_okay=False, path_type=Path)


@hosting_group.command("nginx")
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="The built site (mkdocs build --strict): its pages give the policy's script hashes.",
)
@click.option(
    "--listen",
    metavar="ADDR:PORT",
    help="Where to listen, e.g. 10.0.0.5:443 or 443 [default: 80, or 443 with TLS].",
)
@click.option(
    "--server-name", default="_", show_default=True, help="The site's host name (_: any)."
)
@click.option("--htpasswd", type=_file, help="Require HTTP basic authentication on every path.")
@click.option("--tls-cert", type=_file, help="Serve HTTPS with this PEM certificate (chain).")
@click.option("--tls-key", type=_file, help="The certificate's PEM private key.")
@click.option(
    "--redirect-listen",
    metavar="ADDR:PORT",
    help="With TLS: where plain HTTP is redirected from [default: the same address, port 80].",
)
@_setup_errors_exit_2
def hosting_nginx_command(
    site: Path,
    listen: str | None,
    server_name: str,
    htpasswd: Path | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    redirect_listen: str | None,
) -> None:
    """Print an nginx server block for the built site, to include in http { }.

    It sends the site's Content-Security-Policy and the other security headers,
    lists no folder, shows 404.html, and with --htpasswd asks for a password on
    every path. Check it with `nginx -t` before reloading nginx.
    """
    from ..safety.hosting import nginx_site
    from ..safety.nginx import nginx_config

    checked = nginx_site(
        site,
        listen=listen,
        server_name=server_name,
        htpasswd=htpasswd,
        tls_cert=tls_cert,
        tls_key=tls_key,
        redirect_listen=redirect_listen,
    )
    click.echo(nginx_config(checked), nl=False)
