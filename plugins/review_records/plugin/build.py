"""One build: made in ``on_config``, it does the work of every later hook.

A fresh :class:`Build` per build is what keeps state from leaking between
``mkdocs serve`` rebuilds; what may outlive a build lives in the
:class:`~.session.ServeSession` it is given.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import progress
from ..check.checker import Checker
from ..check.report import summary_line
from ..errors import ConfigurationError
from ..model.collection import Collection
from ..model.sitepaths import FIXED_PAGES
from ..pages.generate import ASSETS, MARKDOWN_PAGES, asset_files, generate_pages
from ..pages.markup import forget_page_caches
from ..pages.richtext import resolve_md_links
from ..pages.sitemodel import SiteModel
from ..pages.templating import Templates, default_templates
from ..pages.themetext import safe_titles, theme_title
from ..parallel import default_workers
from ..problems import Problem, Severity
from ..progress import Progress
from ..safety.csp import with_policy
from ..safety.documents import CONTENT_END, CONTENT_START
from ..safety.publication import check_output, safe_output_uri
from ..settings import Settings, build_date, settings_from_options
from .config import PluginConfig
from .links import Unresolved, link_problems
from .pages import HtmlPage, nav_titles, outline
from .rawhtml import RawHtmlExtension
from .robots import with_noindex
from .search import SEARCH_ASSET, SEARCH_URI, SiteSearch, with_theme_dialog_stubs
from .session import ServeSession

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

__all__ = ["Build", "build_date", "plugin_error"]

log = get_plugin_logger(__name__)


def plugin_error(message: str) -> PluginError:
    """The error that stops MkDocs, with the plugin's name on it (raise what it returns)."""
    return PluginError(f"review-records: {message}")


@contextmanager
def setup_errors() -> Iterator[None]:
    """A broken setup (not a broken record) stops MkDocs with the plugin's name on it."""
    try:
        yield
    except ConfigurationError as error:
        raise plugin_error(str(error)) from error


class GeneratedPage(File):
    """A generated page that ``mkdocs serve --dirty`` skips when its Markdown is unchanged.

    MkDocs counts every generated file as modified, so a dirty rebuild would still
    render every page of every review after a one-line edit.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


@dataclass
class Build:
    """The state and work of one build (see the module's docstring)."""

    options: PluginConfig
    checker: Checker
    session: ServeSession | None
    started: float
    rendering: Progress | None = None
    #: Generated page → the record file it shows, for problems found while rendering.
    record_of: dict[str, str] = field(default_factory=dict)
    #: (page, link target) of every record link that led to no page, found while rendering.
    unresolved: list[Unresolved] = field(default_factory=list)
    #: The search page, box and index; None with the ``search`` option off.
    search: SiteSearch | None = None

    @classmethod
    def start(
        cls, options: PluginConfig, config: MkDocsConfig, session: ServeSession | None
    ) -> Build:
        """Resolve the options, and add the plugin's Markdown extension and assets to ``config``."""
        settings = _settings(options, config)
        with setup_errors():
            checker = session.checker if session else None
            if checker is None or checker.settings != settings:
                # Forking is unsafe beside the server's threads: one process under serve.
                workers = 1 if session else default_workers()
                checker = Checker(settings, workers=workers, progress=log.info)
        if session:
            session.checker = checker
        if not settings.csp:
            log.warning(
                "csp is off: pages carry no Content-Security-Policy, so nothing in the "
                "browser stops a script that slipped past the checks; turn it back on"
            )
        _extend(config, search=settings.search)
        # Only `serve --dirty` keeps the index from build to build (a clean build empties
        # the site folder): there the index is written once, and the search page says so.
        index_once = session is not None and session.dirty
        stubs = config.theme.name == "mkdocs" and "search" not in config.plugins
        writes = not (index_once and session is not None and session.indexed)
        search = SiteSearch(index_once, stubs, writes) if settings.search else None
        return cls(options, checker, session, time.time(), search=search)

    @property
    def settings(self) -> Settings:
        """The resolved options of this build."""
        return self.checker.settings

    @property
    def csp(self) -> bool:
        """Whether pages get a policy: not under ``serve``, whose live reload is inline script."""
        return self.settings.csp and self.session is None

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Check every record, report problems, and add the generated pages to ``files``."""
        with setup_errors():
            result = self.checker.run()
        self._report(result.problems)
        log.info(summary_line(result.problems, result.files_checked))
        if result.errors and not self.session:
            raise plugin_error(f"{result.errors} error(s) in the records; nothing was built")
        if files.get_file_from_path("index.md") is not None:
            self.record_of["index.md"] = f"{self.settings.docs_dir}/index.md"
        with setup_errors():  # a broken template override is a broken setup
            pages = self._pages(result.collection, result.problems, files, config)
        pages.update(asset_files())
        if self.session and self.session.dirty:
            self.session.start_dirty_build(config, files, pages)
        titles = nav_titles(config.nav)
        for src_uri, content in pages.items():
            page = self._page(src_uri, content, files, config)
            files.append(page)
            if src_uri.endswith(".md") and src_uri not in MARKDOWN_PAGES:
                HtmlPage(titles.get(src_uri), page, config)  # it becomes page.page
        if not self.session:
            # MkDocs now renders every page with all of them in memory: the records
            # and the page-writing caches would add to its peak for nothing.
            self.checker.forget()
            forget_page_caches()
        # Rendering is MkDocs' own work and takes seconds on any site: only big ones report it.
        count = len(files.documentation_pages())
        if count >= progress.PROGRESS_FROM:
            self.rendering = Progress(log.info, count, "rendered", noun="pages").__enter__()
        return files

    def _report(self, problems: list[Problem]) -> None:
        """Log problems in the one format; under ``serve`` at INFO, so none aborts a rebuild.

        (Strict mode counts warnings; under ``serve`` the problems page shows them too.)
        """
        report = log.info if self.session else log.warning
        for problem in problems:
            report(problem.format())

    def _pages(
        self,
        collection: Collection,
        problems: list[Problem],
        files: Files,
        config: MkDocsConfig,
    ) -> dict[str, str]:
        memo = self.session.blocks if self.session else None
        if memo is not None:
            memo.next_build()
        site = SiteModel.build(
            collection,
            include_drafts=self.settings.include_drafts,
            today=build_date(),
            target_months=self.settings.target_months,
            directory_urls=config.use_directory_urls,
            memo=memo,
            templates=self._templates(),
        )
        self.record_of.update({page: path for path, page in site.sources.items()})
        home_file = files.get_file_from_path("index.md")
        home = home_file.content_string if home_file else None
        if home_file:
            files.remove(home_file)
        pages = generate_pages(
            site,
            home=home,
            problems=problems if self.session else None,
            memo=self.session.pages if self.session else None,
            workers=self.checker.workers,
        )
        if self.search is not None:
            self.search.add_pages(site, files, pages)
        return pages

    def _templates(self) -> Templates:
        folder = self.settings.templates_dir
        if folder is None:
            return default_templates()
        with setup_errors():
            return Templates(self.settings.path(folder), self.settings.root)

    def _page(self, src_uri: str, markdown: str, files: Files, config: MkDocsConfig) -> File:
        if not safe_output_uri(src_uri):  # output paths come only from validated ids
            raise plugin_error(f"refusing to write a page at {src_uri!r}")
        if files.get_file_from_path(src_uri) is not None:
            raise plugin_error(f"docs/{src_uri} would hide a generated page; rename it")
        # Pages are reached from the section pages, so none needs `not_in_nav` lines in
        # mkdocs.yml; without a nav, MkDocs makes one of the pages left in it: the sections.
        in_auto_nav = config.nav is None and src_uri in FIXED_PAGES
        inclusion = InclusionLevel.UNDEFINED if in_auto_nav else InclusionLevel.NOT_IN_NAV
        # File.generated is a classmethod that builds cls; MkDocs types it as File.
        page = cast(
            GeneratedPage,
            GeneratedPage.generated(config, src_uri, content=markdown, inclusion=inclusion),
        )
        if self.session and self.session.dirty:
            digest = hash(markdown)
            page.unchanged = self.session.digests.get(src_uri) == digest
            self.session.digests[src_uri] = digest
        return page

    def page_content(self, html: str, page: Page, files: Files) -> str:
        """Point record links at pages, hand the theme safe titles, and mark the content."""

        def url_of(src_uri: str) -> str | None:
            target = files.get_file_from_path(src_uri)
            return target.url_relative_to(page.file) if target is not None else None

        html, missing = resolve_md_links(html, page.file.src_uri, url_of)
        generated = isinstance(page.file, GeneratedPage)
        if generated and not isinstance(page, HtmlPage):  # the home page: Markdown, then HTML
            html = outline(page, html)
        self.unresolved.extend((page.file.src_uri, generated, target) for target in missing)
        if generated:  # its title and headings are record text
            page.title = theme_title(page.title or "")
            safe_titles(page.toc)
        marked = f"{CONTENT_START}{html}{CONTENT_END}"
        return self.search.page_content(marked, page, files) if self.search else marked

    def rendering_starts(self, config: MkDocsConfig) -> None:
        """Every page is converted, none rendered yet: start writing the search index.

        It is written beside the theme's rendering (see :mod:`.search`).
        """
        if self.search is not None:
            self.search.start(Path(config.site_dir))

    def failed(self) -> None:
        """The build stopped with an error: stop writing its search index."""
        if self.search is not None:
            self.search.abandon()

    def page_rendered(self, output: str, page: Page) -> str:
        """A rendered page with its policy, counted so that a long build says how far it got."""
        if self.rendering is not None:
            self.rendering.advance()
        wasm = self.search is not None and page.file.src_uri == SEARCH_URI
        return self.seal(output, wasm=wasm)

    def seal(self, output: str, *, wasm: bool = False) -> str:
        """A written page marked ``noindex``, then given its Content-Security-Policy.

        ``wasm`` (the search page only) lets the policy run Pagefind's WebAssembly.
        """
        output = with_noindex(output)
        if self.search is not None and self.search.theme_stubs:
            output = with_theme_dialog_stubs(output)
        return with_policy(output, wasm=wasm) if self.csp else output

    def finish(self, config: MkDocsConfig) -> None:
        """Say how long rendering took; read the built site back and refuse it if unsafe.

        The links that led to no page and the findings in the built site are
        problems like the checker's: the ``rules`` option sets their severity
        and they are reported the same way.
        """
        if self.rendering is not None:
            self.rendering.finish()
            self.rendering = None
        self._index(Path(config.site_dir))
        # A serve rebuild is a local preview: only what this build wrote is new.
        since = self.started - 1 if self.session else None
        with setup_errors():
            findings = check_output(
                self.settings,
                Path(config.site_dir),
                since,
                self.session.sources if self.session else None,
                workers=self.checker.workers,  # one process under serve
                site_base=urlsplit(config.site_url or "/").path,
                csp=self.csp,
            )
        unresolved = link_problems(self.unresolved, self.record_of, self.settings)
        problems = self.checker.judge(unresolved + findings)
        self._report(problems)
        errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
        unsafe = sum(1 for problem in problems if problem.rule.startswith("published-"))
        if unsafe:
            refusal = (
                f"the built site is not safe to publish ({unsafe} finding(s)); "
                f"remove {config.site_dir} before sharing anything"
            )
        else:
            refusal = f"{errors} error(s) in the built site; see the problems above"
        if errors and self.session:  # a local preview: show, keep serving
            log.info(refusal)
        elif errors:
            raise plugin_error(refusal)

    def _index(self, site_dir: Path) -> None:
        """Finish the search index before the check reads it."""
        written = self.search.write(site_dir) if self.search is not None else None
        if written is None:
            return
        if self.session is not None:
            self.session.indexed = True
        count, seconds, waited = written
        log.info(f"search: indexed {count} pages in {seconds:.1f} s (waited for: {waited:.1f} s)")

    def watched(self) -> list[Path]:
        """The folders whose changes must rebuild the site under ``serve``."""
        settings = self.settings
        folders = [settings.reviews_dir, settings.markers_dir, settings.schema_dir]
        if settings.templates_dir is not None:
            folders.append(settings.templates_dir)
        return [settings.path(d) for d in folders]


def _settings(options: PluginConfig, config: MkDocsConfig) -> Settings:
    root = Path(config.config_file_path or ".").parent
    docs = Path(config.docs_dir)
    docs_dir = (
        docs.relative_to(root.resolve()).as_posix()
        if docs.is_relative_to(root.resolve())
        else str(docs)
    )
    with setup_errors():
        return settings_from_options(root, dict(options), docs_dir)


def _extend(config: MkDocsConfig, *, search: bool) -> None:
    """Add the raw-HTML extension and the plugin's assets, once."""
    if not any(isinstance(ext, RawHtmlExtension) for ext in config.markdown_extensions):
        # Python-Markdown takes Extension instances too; MkDocs types the list as names.
        config.markdown_extensions.append(RawHtmlExtension())  # type: ignore[arg-type]
    if ASSETS["css"] not in config.extra_css:
        config.extra_css.append(ASSETS["css"])
    scripts = [str(script) for script in config.extra_javascript]
    for script in (ASSETS["js"], *((SEARCH_ASSET,) if search else ())):
        if script not in scripts:
            config.extra_javascript.append(script)
