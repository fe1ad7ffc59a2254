"""The MkDocs plugin: hooks of a few lines that delegate to a :class:`~.build.Build`.

Two lifetimes, two objects (as MkDocs' rule for ``on_startup`` and Material's
tags plugin have it): a :class:`~.session.ServeSession` made in ``on_startup``
while serving, and a :class:`~.build.Build` made in ``on_config`` for every build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from mkdocs.plugins import BasePlugin, event_priority

from .build import Build, build_date
from .config import PluginConfig
from .session import ServeSession

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

__all__ = ["ReviewRecordsPlugin", "build_date"]


class ReviewRecordsPlugin(BasePlugin[PluginConfig]):
    """Checks every record and generates the learning site from them."""

    def __init__(self) -> None:
        self._session: ServeSession | None = None
        self._build: Build | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """While serving, keep one session's memos from rebuild to rebuild."""
        self._session = ServeSession(dirty=dirty) if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start this build (a fresh state; only the serve session carries over)."""
        self._build = (
            Build.start(self.config, config, self._session) if self.config.enabled else None
        )
        return None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Check every record, report problems, and add the generated pages."""
        return self._build.add_pages(files, config) if self._build else None

    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        """Start the search index; under ``serve``, reuse the theme's compiled templates."""
        if self._session is not None and env.bytecode_cache is None:
            env.bytecode_cache = self._session.templates
        if self._build:
            self._build.rendering_starts(config)
        return env

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Point record links at pages, and mark page content for the post-build check."""
        return self._build.page_content(html, page, files) if self._build else None

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give the page its Content-Security-Policy, and count it for the progress line."""
        return self._build.page_rendered(output, page) if self._build else None

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """Give the theme's own pages (``404.html``) their Content-Security-Policy too."""
        if self._build and template_name.endswith(".html"):
            return self._build.seal(output_content)
        return None

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the search indexer of a build that failed."""
        if self._build:
            self._build.failed()

    @event_priority(-100)  # last: check what every other plugin has written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Read the built site back and refuse it if it is not safe to publish."""
        if self._build:
            self._build.finish(config)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when a record, a marker or a schema changes."""
        for folder in self._build.watched() if self._build else ():
            server.watch(str(folder))
        return server
