"""The site's search index: Pagefind, run over the content of every published page.

Pagefind writes a chunked index that the browser fetches piecemeal (a search
for one word reads a few small files), so search stays quick however big the
site grows; the lunr index of MkDocs' ``search`` plugin is one file that every
reader downloads whole (figures: docs/guide/scale.md). ``pagefind[bin]`` ships
the indexer inside its wheel: nothing is downloaded at build time.

What is indexed is the content region of each page (between
:data:`~..safety.documents.CONTENT_START` and ``CONTENT_END``), never the
theme's frame. Each page is written as a small document of its own into a
scratch folder, with its title and the filters of :mod:`..pages.searchfacets`
as Pagefind's ``<meta>`` attributes, and Pagefind's indexer (the binary of the
``pagefind_bin`` wheel) indexes that folder in one run.

The content is final once MkDocs has converted every page, before the theme
renders any (``on_env``), so the indexing starts then, on a thread of its own,
and runs beside the theme's rendering: the indexer is one process on one core,
and rendering keeps the other busy (figures: docs/guide/scale.md). The
post-build check waits for it, then holds every entry of the index to the page
as it was written, so a page changed after its content was indexed (by another
plugin, say) fails the build rather than being searched for what it no longer
shows.

Why the command and not the Python API (``pagefind.index.PagefindIndex``):
its service answers one request per tenth of a second, so a record per page
would take twenty minutes at 12,000 pages; and, worse, its ``write_files``
answers before the files are on disk and the service is then stopped, so the
index was sometimes left truncated (the post-build check refused it: an
unreadable ``pagefind-entry.json``, a cut-off ``wasm.unknown.pagefind``). The
command exits only once every file is written. It runs in an empty folder
with Pagefind's own environment variables removed, so that no stray
``pagefind.yml`` or ``PAGEFIND_*`` setting changes what it indexes.

Only this module imports ``pagefind`` (an import-linter contract keeps it so).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from pagefind.service import get_executable

from ..pages.searchfacets import Facets, search_facets
from ..pages.searchpage import SEARCH_ASSET, SEARCH_URI, search_asset, search_box, search_page
from ..pages.sitemodel import SiteModel
from ..safety.documents import content_of
from ..safety.searchindex import SEARCH_FOLDER, UNUSED_FILES

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

__all__ = [
    "SEARCH_ASSET",
    "SEARCH_FOLDER",
    "SEARCH_URI",
    "THEME_DIALOG_STUBS",
    "Indexing",
    "SearchPage",
    "SiteSearch",
    "indexed_document",
    "with_theme_dialog_stubs",
]


#: Empty stand-ins for the built-in theme's search dialog (MkDocs' id, then ProperDocs').
#: Its script builds the dialog on every page without asking whether MkDocs' ``search``
#: plugin wrote it (and its results list), and throws when they are missing, before it
#: sets up its keys and its tables.
#: Bootstrap hides a ``.modal``; the ``s`` key is the site's own search's
#: (review-records-search.js), so these are never shown.
THEME_DIALOG_STUBS = "".join(
    f'<div class="modal" id="{name}_search_modal" tabindex="-1" aria-hidden="true" hidden>'
    f'<div id="{name}-search-results"></div></div>'
    for name in ("mkdocs", "properdocs")
)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def with_theme_dialog_stubs(html: str) -> str:
    """``html`` with :data:`THEME_DIALOG_STUBS` at the end of its body (if it has one)."""
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html
    at = ends[-1].start()
    return f"{html[:at]}{THEME_DIALOG_STUBS}\n{html[at:]}"


@dataclass
class SiteSearch:
    """The search of one build: its page, its box on every page, and the index.

    With ``index_once`` (``mkdocs serve --dirty``, what ``make serve`` runs) the
    index is written by the session's first build only (see the Search guide):
    a rebuild stays as quick as before, and the search page says that results
    lag behind edits. Every other build writes it whole.
    """

    index_once: bool = False
    #: The built-in theme without MkDocs' search plugin: pages need the dialog stubs.
    theme_stubs: bool = False
    #: Whether this build writes the index (with ``index_once``, the session's first only).
    writes_index: bool = True
    #: Page source path → its filters (every page the search indexes).
    facets: dict[str, Facets] = field(default_factory=dict)
    #: The pages converted so far that the index will hold, with MkDocs' page.
    seen: list[tuple[SearchPage, Page]] = field(default_factory=list)
    #: The index being written, once :meth:`start` has been called.
    indexing: Indexing | None = None

    def add_pages(self, site: SiteModel, files: Files, pages: dict[str, str]) -> None:
        """Work out every page's filters; add the search page and script to ``pages``.

        ``files`` are the hand-written pages (the Guide, for the filters).
        """
        self.facets = search_facets(site, (f.src_uri for f in files.documentation_pages()))
        pages[SEARCH_URI] = search_page(site, self.facets.values(), serving=self.index_once)
        pages[SEARCH_ASSET] = search_asset()

    def page_content(self, marked: str, page: Page, files: Files) -> str:
        """``marked`` (a page's content with its markers) with the search box before it.

        The box stands outside the content, so the index never holds it; the
        search page has its own field instead.
        """
        src_uri = page.file.src_uri
        facets = self.facets.get(src_uri)
        if facets is not None:
            # A theme's title is HTML (entities and all); the index wants its words.
            title = html.unescape(re.sub(r"<[^>]*>", "", page.title or ""))
            self.seen.append((SearchPage(page.file.dest_uri, title, facets), page))
        search = files.get_file_from_path(SEARCH_URI)
        if search is None or src_uri == SEARCH_URI:
            return marked
        return search_box(search.url_relative_to(page.file)) + marked

    def start(self, site_dir: Path) -> None:
        """Start indexing the pages seen into ``site_dir``, in the background (once).

        Does nothing in a build that does not write the index.
        """
        if self.writes_index and self.indexing is None:
            self.indexing = Indexing.start(site_dir, self.seen)

    def write(self, site_dir: Path) -> tuple[int, float, float] | None:
        """The index of the pages seen, written into ``site_dir`` (None: not this build).

        Starts it if :meth:`start` was not called, and waits for it to end.
        Returns (pages indexed, seconds the indexing took, seconds waited for it).
        """
        started = time.perf_counter()
        self.start(site_dir)
        if self.indexing is None:
            return None
        count = self.indexing.wait()
        return count, self.indexing.seconds, time.perf_counter() - started

    def abandon(self) -> None:
        """Stop an index being written: the build failed, and its site is not published."""
        if self.indexing is not None:
            self.indexing.cancel()


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page to index: where it was written in the site, its title and its filters."""

    dest: str
    title: str
    facets: Facets


def indexed_document(page: SearchPage, built: str) -> str:
    """What Pagefind reads for ``page``: the content region of ``built`` (a page), alone.

    The filters and the title are ``<meta>`` elements, so that their words are
    filters, not text a search finds.
    """
    e = html.escape
    metas = [f'<meta data-pagefind-meta="title[content]" content="{e(page.title)}">']
    metas += [
        f'<meta data-pagefind-filter="{e(name)}[content]" content="{e(value)}">'
        for name, values in page.facets.items()
        for value in values
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(page.title)}</title>{''.join(metas)}</head>"
        f"<body><main data-pagefind-body>{content_of(built)}</main></body></html>"
    )


class Indexing:
    """Pagefind writing the index of some pages, on a thread, while the build goes on.

    The thread writes the documents, then runs the indexer and waits for it;
    :meth:`wait` hands back what it counted, or raises what went wrong.
    :meth:`cancel` stops the indexer of a failed build, so that nothing is
    written into its site after MkDocs has given up.
    """

    def __init__(self, site_dir: Path, pages: Sequence[tuple[SearchPage, Page]]) -> None:
        self._site_dir = site_dir
        self._pages = pages
        self._count = 0
        #: How long the indexing took, documents and indexer, once it has ended.
        self.seconds = 0.0
        self._error: BaseException | None = None
        self._cancelled = threading.Event()
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()  # between starting the indexer and cancelling it
        self._thread = threading.Thread(target=self._run, name="review-records-search")

    @classmethod
    def start(cls, site_dir: Path, pages: Sequence[tuple[SearchPage, Page]]) -> Indexing:
        """Start indexing ``pages`` (MkDocs' pages, converted) into ``site_dir``."""
        indexing = cls(site_dir, pages)
        indexing._thread.start()
        return indexing

    def wait(self) -> int:
        """Wait for the index; the number of pages it holds (raises the thread's error)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._count

    def cancel(self) -> None:
        """Stop the indexer (if it runs) and wait for the thread to tidy up."""
        with self._lock:
            self._cancelled.set()
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._thread.join()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            self._count = self._index()
        except BaseException as error:  # raised again by wait(), on the build's own thread
            self._error = error
        self.seconds = time.perf_counter() - started

    def _index(self) -> int:
        output = self._site_dir / SEARCH_FOLDER
        with tempfile.TemporaryDirectory(prefix="review-records-search-") as scratch:
            documents = Path(scratch) / "site"
            converted = (
                (page, mkdocs_page.content or "")
                for page, mkdocs_page in self._pages
                if not self._cancelled.is_set()  # a failed build stops the writing too
            )
            count = _write_documents(documents, converted)
            if output.exists():
                shutil.rmtree(output)
            with self._lock:
                if self._cancelled.is_set():
                    return 0
                self._process = _start_indexer(documents, output, Path(scratch))
            _finish_indexer(self._process, self._cancelled)
        if self._cancelled.is_set():  # a failed build's site keeps no half-written index
            shutil.rmtree(output, ignore_errors=True)
            return 0
        for name in UNUSED_FILES:
            (output / name).unlink(missing_ok=True)
        return count


def _write_documents(folder: Path, pages: Iterable[tuple[SearchPage, str]]) -> int:
    """Write the document Pagefind reads for each (page, its HTML) into ``folder``: how many."""
    count = 0
    for page, text in pages:
        target = folder / page.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(indexed_document(page, text), encoding="utf-8")
        count += 1
    folder.mkdir(parents=True, exist_ok=True)  # a site with no page to index still gets one
    return count


def _start_indexer(documents: Path, output: Path, workdir: Path) -> subprocess.Popen[str]:
    executable = get_executable()
    if executable is None or not executable.is_file():
        raise PluginError(
            "review-records: Pagefind's indexer is missing; reinstall the package "
            "with its dependencies (pagefind[bin])"
        )
    command = [str(executable), "--site", str(documents), "--output-path", str(output)]
    command += ["--force-language", "en", "--quiet"]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    return subprocess.Popen(
        command,
        cwd=workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish_indexer(process: subprocess.Popen[str], cancelled: threading.Event) -> None:
    out, err = process.communicate()
    if process.returncode != 0 and not cancelled.is_set():
        said = (err or out).strip().splitlines()[-3:]
        raise PluginError(
            f"review-records: the search index was not written (Pagefind exited with "
            f"{process.returncode}): {' '.join(said)}"
        )
