"""``review-records pdf``: a review, or the action plan, as a PDF for board papers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..check.report import REPORTERS
from ..errors import ConfigurationError
from ..settings import build_date
from .commands import _config_option, _settings, _setup_errors_exit_2, main
from .output import write_output

__all__ = ["pdf_command"]


@main.command("pdf")
@click.argument("review_id", metavar="REVIEW_ID", required=False)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The PDF file to write (never inside the records).",
)
@click.option("--include-drafts", is_flag=True, help="Allow draft reviews in the paper.")
@click.option(
    "--actions",
    "action_plan",
    is_flag=True,
    help="The action plan of every review as one table, instead of one review.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@_config_option
@_setup_errors_exit_2
def pdf_command(
    review_id: str | None,
    output: Path,
    include_drafts: bool,
    action_plan: bool,
    force: bool,
    config_file: Path | None,
) -> None:
    """Write REVIEW_ID (or, with --actions, the action plan) as a PDF for board papers.

    The paper is made from the site's own pages and checked as the site is: it is
    refused, and nothing is written, if it would show a denylisted term or a
    private value. Drafts are refused unless --include-drafts. An existing FILE is
    never replaced unless --force.

    Exit status: 0 written, 1 the records have errors or the paper failed its
    check, 2 usage or setup error (an unknown REVIEW_ID, a draft, FILE exists).
    """
    if action_plan == (review_id is not None):
        raise ConfigurationError("give either REVIEW_ID or --actions (not both)")
    from ..check.checker import Checker

    try:
        from ..papers import PaperRefused, actions_pdf, review_pdf
    except ImportError as error:
        raise ConfigurationError(
            "review-records pdf needs its extra: pip install 'review-records[pdf]' "
            f"(and scripts/install_pdf_libs.sh for Pango): {error}"
        ) from None
    settings = _settings(config_file)
    if not force and (output.exists() or output.is_symlink()):
        raise ConfigurationError(f"{output} exists; nothing written (add --force to replace it)")
    result = Checker(settings).run()
    if result.errors:
        click.echo(REPORTERS["text"](result.problems, result.files_checked), nl=False, err=True)
        click.echo("review-records: no PDF written: fix the errors first", err=True)
        sys.exit(1)
    today, name = build_date(), output.name
    try:
        if review_id is None:
            paper = actions_pdf(
                settings, result.collection, include_drafts=include_drafts, today=today, name=name
            )
        else:
            paper = review_pdf(
                settings,
                result.collection,
                review_id,
                include_drafts=include_drafts,
                today=today,
                name=name,
            )
    except PaperRefused as refused:
        for problem in refused.problems:
            click.echo(problem.format(), err=True)
        click.echo("review-records: no PDF written: the paper failed its check", err=True)
        sys.exit(1)
    write_output(settings, output, paper.data, overwrite=force)
    what = f"the action plan of {paper.reviews} review(s)" if action_plan else review_id
    click.echo(f"wrote {what} to {output} ({paper.pages} page(s))", err=True)
