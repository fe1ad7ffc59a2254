"""The MkDocs plugin: a thin adapter from MkDocs hooks to the core pipeline."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast
from urllib.parse import urlsplit

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import progress
from ..check.checker import Checker
from ..check.report import summary_line
from ..errors import ConfigurationError
from ..pages.generate import ASSETS, asset_files, generate_pages
from ..pages.incremental import PageMemo
from ..pages.markup import forget_page_caches
from ..pages.richtext import BlockMemo, resolve_md_links
from ..pages.sitemodel import SiteModel
from ..pages.themetext import safe_titles, theme_title
from ..parallel import default_workers
from ..progress import Progress
from ..safety.postcheck import CONTENT_END, CONTENT_START
from ..safety.publication import SourcePairs, check_output, safe_output_uri
from ..settings import Settings, settings_from_options
from .config import PluginConfig
from .rawhtml import RawHtmlExtension

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

__all__ = ["ReviewRecordsPlugin"]

log = get_plugin_logger(__name__)


def build_date() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


class _GeneratedPage(File):
    """A generated page that ``mkdocs serve --dirty`` skips when its Markdown is unchanged.

    MkDocs counts every generated file as modified, so a dirty rebuild would still
    render every page of every review after a one-line edit.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


class _CompiledTemplates(BytecodeCache):
    """Theme templates compiled once per ``mkdocs serve`` session, not once per rebuild.

    MkDocs makes a new Jinja environment for every build, so every rebuild compiled
    the theme's templates again: 0.4 s of a one-file rebuild at R=100. Jinja checks
    each entry against its template's source, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self._code)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class ReviewRecordsPlugin(BasePlugin[PluginConfig]):
    """Checks every record and generates the learning site from them."""

    def __init__(self) -> None:
        # Kept across `mkdocs serve` rebuilds (on_startup makes MkDocs reuse this
        # instance): the checker's per-file memo is what makes rebuilds quick.
        self._checker: Checker | None = None
        self._serving = False
        self._dirty = False
        self._rendering: Progress | None = None
        #: Under ``serve --dirty``: generated page → hash of its last Markdown.
        self._last_built: dict[str, int] = {}
        #: Under ``serve``: rendered record text, reused by the next rebuild.
        self._memo: BlockMemo | None = None
        #: Under ``serve``: generated pages, kept while only answers change.
        self._pages: PageMemo | None = None
        self._templates: _CompiledTemplates | None = None
        self._sources: SourcePairs | None = None
        self._build_started = 0.0

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether we are serving: then problems never stop the server."""
        self._serving = command == "serve"
        self._dirty = dirty and self._serving
        self._memo = BlockMemo() if self._serving else None
        self._pages = PageMemo() if self._serving else None
        self._templates = _CompiledTemplates() if self._serving else None
        self._sources = SourcePairs() if self._serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the options and reset per-build state."""
        if not self.config.enabled:
            return None
        self._build_started = time.time()
        settings = self._settings(config)
        if self._checker is None or self._checker.settings != settings:
            try:
                # Forking is unsafe beside the server's threads: one process under serve.
                workers = 1 if self._serving else default_workers()
                self._checker = Checker(settings, workers=workers, progress=log.info)
            except ConfigurationError as error:
                raise PluginError(f"review-records: {error}") from error
        if not any(isinstance(ext, RawHtmlExtension) for ext in config.markdown_extensions):
            # Python-Markdown takes Extension instances too; MkDocs types the list as names.
            config.markdown_extensions.append(RawHtmlExtension())  # type: ignore[arg-type]
        if ASSETS["css"] not in config.extra_css:
            config.extra_css.append(ASSETS["css"])
        if ASSETS["js"] not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(ASSETS["js"])
        return None

    def _settings(self, config: MkDocsConfig) -> Settings:
        options: dict[str, Any] = {k: v for k, v in self.config.items() if k != "enabled"}
        if options.get("denylist") is None:
            options.pop("denylist", None)
        root = Path(config.config_file_path or ".").parent
        docs = Path(config.docs_dir)
        docs_dir = (
            docs.relative_to(root.resolve()).as_posix()
            if docs.is_relative_to(root.resolve())
            else str(docs)
        )
        try:
            return settings_from_options(root, options, docs_dir)
        except ConfigurationError as error:
            raise PluginError(f"review-records: {error}") from error

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Check every record, report problems, and add the generated pages."""
        if not self.config.enabled or self._checker is None:
            return None
        try:
            result = self._checker.run()
        except ConfigurationError as error:
            raise PluginError(f"review-records: {error}") from error
        # Under `serve` a problem must not abort the rebuild (strict mode counts
        # warnings), so it is shown at INFO there and on the generated problems page.
        report = log.info if self._serving else log.warning
        for problem in result.problems:
            report(problem.format())
        log.info(summary_line(result.problems, result.files_checked))
        if result.errors and not self._serving:
            raise PluginError(
                f"review-records: {result.errors} error(s) in the records; nothing was built"
            )
        if self._memo is not None:
            self._memo.next_build()
        site = SiteModel.build(
            result.collection,
            include_drafts=self.config.include_drafts,
            today=build_date(),
            target_months=self.config.target_months,
            directory_urls=config.use_directory_urls,
            memo=self._memo,
        )
        home_file = files.get_file_from_path("index.md")
        home = home_file.content_string if home_file else None
        if home_file:
            files.remove(home_file)
        problems = result.problems if self._serving else None
        pages = generate_pages(
            site, home=home, problems=problems, memo=self._pages, workers=self._checker.workers
        )
        pages.update(asset_files())
        for src_uri, markdown in pages.items():
            if not safe_output_uri(src_uri):  # output paths come only from validated ids
                raise PluginError(f"review-records: refusing to write a page at {src_uri!r}")
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"review-records: docs/{src_uri} would hide a generated page; rename it"
                )
            # File.generated is a classmethod that builds cls; MkDocs types it as File.
            page = cast(_GeneratedPage, _GeneratedPage.generated(config, src_uri, content=markdown))
            if self._dirty:
                digest = hash(markdown)
                page.unchanged = self._last_built.get(src_uri) == digest
                self._last_built[src_uri] = digest
            files.append(page)
        if not self._serving:
            # MkDocs now renders every page with all of them in memory: at R=1,000 the
            # records and the page-writing caches would add to its peak for nothing.
            self._checker.forget()
            forget_page_caches()
        # Rendering is MkDocs' own work and takes seconds on any site: only big ones report it.
        pages_count = len(files.documentation_pages())
        if pages_count >= progress.PROGRESS_FROM:
            self._rendering = Progress(log.info, pages_count, "rendered", noun="pages").__enter__()
        return files

    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        """Under ``serve``, reuse the theme's compiled templates from the last rebuild."""
        if self._templates is not None and env.bytecode_cache is None:
            env.bytecode_cache = self._templates
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Count rendered pages, so that a long build says how far it got."""
        if self._rendering is not None:
            self._rendering.advance()
        return None

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Point record links at pages, and mark page content for the post-build check."""
        if not self.config.enabled:
            return None

        def url_of(src_uri: str) -> str | None:
            target = files.get_file_from_path(src_uri)
            return target.url_relative_to(page.file) if target is not None else None

        html, missing = resolve_md_links(html, page.file.src_uri, url_of)
        for target in missing:
            log.warning(f"{page.file.src_uri}: a record links to {target!r}, which is not a page")
        if isinstance(page.file, _GeneratedPage):  # its title and headings are record text
            page.title = theme_title(page.title or "")
            safe_titles(page.toc)
        return f"{CONTENT_START}{html}{CONTENT_END}"

    @event_priority(-100)  # last: check what every other plugin has written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Say how long rendering took; read the built site back and refuse it if unsafe."""
        if self._rendering is not None:
            self._rendering.finish()
            self._rendering = None
        if not self.config.enabled or self._checker is None:
            return
        # A serve rebuild is a local preview: only what this build wrote is new.
        since = self._build_started - 1 if self._serving and self._build_started else None
        try:
            findings = check_output(
                self._checker.settings,
                Path(config.site_dir),
                since,
                self._sources,
                workers=self._checker.workers,  # one process under serve
                site_base=urlsplit(config.site_url or "/").path,
            )
        except ConfigurationError as error:
            raise PluginError(f"review-records: {error}") from error
        if findings and self._serving:  # a local preview: show, keep serving
            for finding in findings:
                log.info(f"not safe to publish: {finding}")
        elif findings:
            shown = "\n".join(findings[:50])
            more = f"\n… and {len(findings) - 50} more" if len(findings) > 50 else ""
            raise PluginError(
                f"review-records: the built site is not safe to publish "
                f"({len(findings)} finding(s)); remove {config.site_dir} before sharing "
                f"anything:\n{shown}{more}"
            )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when a record, a marker or a schema changes."""
        if self._checker is not None:
            settings = self._checker.settings
            for option in (settings.reviews_dir, settings.markers_dir, settings.schema_dir):
                server.watch(str(settings.path(option)))
        return server
