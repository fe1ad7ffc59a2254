"""What lives for a whole ``mkdocs serve`` session: the memos that make rebuilds quick.

MkDocs keeps a plugin instance across serve rebuilds once it defines
``on_startup`` (``mkdocs/plugins.py``), so the plugin holds one
:class:`ServeSession` while serving and none for a one-off build. Everything
else is made again for every build (:mod:`.build`).

How each memo stays true (``tests/test_incremental.py`` and
``tests/test_serve_dirty.py`` compare rebuilds with fresh builds):

- ``checker``: replaced when the options change; its per-file memo re-reads a
  file whose modification time or size changed.
- ``blocks``: keyed by the whole text it renders, with a pure renderer; it keeps
  only the texts the last build used.
- ``pages``: generated pages kept only while nothing but answer text changed
  (the rules are in :mod:`..pages.incremental`).
- ``templates``: Jinja checks every entry against its template's source.
- ``sources``: front-matter pairs re-read when a file's stamp changes.
- ``indexed``: the search index is written by the session's first build only,
  and the search page says so (:class:`.search.SiteSearch`).
- ``digests``: a generated page's last Markdown; an equal digest lets
  ``serve --dirty`` skip rendering it. They are forgotten when the site's look
  changes (``mkdocs.yml``, the theme's ``custom_dir``, the hand-written pages,
  which an automatic nav lists), since every page shows it; and a page that a
  rebuild no longer makes is deleted from the served folder, as a clean build
  would leave it out (:meth:`ServeSession.start_dirty_build`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.structure.files import File

from ..check.checker import Checker
from ..pages.incremental import PageMemo
from ..pages.richtext import BlockMemo
from ..safety.publication import SourcePairs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

__all__ = ["CompiledTemplates", "ServeSession"]


class CompiledTemplates(BytecodeCache):
    """Theme templates compiled once per ``mkdocs serve`` session, not once per rebuild.

    MkDocs makes a new Jinja environment for every build, so every rebuild
    compiled the theme's templates again (see the Scale guide). Jinja checks each
    entry against its template's source, so an edited template is compiled again.
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


@dataclass
class ServeSession:
    """The memos of one ``mkdocs serve`` session (see the module's docstring)."""

    #: ``mkdocs serve --dirty``: pages whose Markdown is unchanged are not rendered again.
    dirty: bool = False
    checker: Checker | None = None
    blocks: BlockMemo = field(default_factory=BlockMemo)
    pages: PageMemo = field(default_factory=PageMemo)
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    sources: SourcePairs = field(default_factory=SourcePairs)
    digests: dict[str, int] = field(default_factory=dict)
    #: What the site's look was made from at the last dirty build (see :func:`_look`).
    look: tuple[object, ...] | None = None
    #: Whether a build of this session has written the search index (the first does).
    indexed: bool = False

    def start_dirty_build(self, config: MkDocsConfig, files: Files, pages: Collection[str]) -> None:
        """Before a dirty build adds ``pages``: drop what it must not reuse or leave behind.

        ``files`` are the hand-written ones. Without this, ``serve --dirty`` would
        keep serving a removed review's pages, or the problems page after the
        last problem was mended, and pages in the look of an older ``mkdocs.yml``.
        """
        site = Path(config.site_dir).resolve()
        for src_uri in [uri for uri in self.digests if uri not in pages]:
            del self.digests[src_uri]
            _remove(site, src_uri, use_directory_urls=config.use_directory_urls)
        look = _look(config, files)
        if look != self.look:
            self.digests.clear()
            self.look = look


def _look(config: MkDocsConfig, files: Files) -> tuple[object, ...]:
    """Stamps of what every page shows besides its own Markdown."""

    def newest(folder: str | None) -> int:
        if not folder or not Path(folder).is_dir():
            return 0
        stamps = (p.stat().st_mtime_ns for p in Path(folder).rglob("*") if p.is_file())
        return max(stamps, default=0)

    config_file = Path(config.config_file_path or "")
    return (
        config_file.stat().st_mtime_ns if config_file.is_file() else 0,
        newest(config.theme.custom_dir),
        tuple(sorted(f.src_uri for f in files.documentation_pages())),
    )


def _remove(site: Path, src_uri: str, *, use_directory_urls: bool) -> None:
    """Delete a generated page's output, and the folders it leaves empty, inside ``site``."""
    output = Path(File(src_uri, None, str(site), use_directory_urls).abs_dest_path).resolve()
    if not output.is_relative_to(site) or output == site:
        return
    output.unlink(missing_ok=True)
    folder = output.parent
    while folder != site and folder.is_relative_to(site) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
