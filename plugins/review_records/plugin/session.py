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
- ``digests``: a generated page's last Markdown; an equal digest lets
  ``serve --dirty`` skip rendering it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from ..check.checker import Checker
from ..pages.incremental import PageMemo
from ..pages.richtext import BlockMemo
from ..safety.publication import SourcePairs

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
