"""Privacy by type: nothing a page is made from can reach a ``private:`` value.

Pages (and, later, templates) see the site model: the published collection and
what the site indexes from it. The model keeps each record's file as a
``RecordFile`` (path, body, digest) and never the record with its front matter,
so the ``private:`` mappings the checker read stay in the check layer.

The walk below follows every attribute, slot and container from the site
model. To show it can fail, the same walk from the checker, which does keep
the records it read, must find the private values.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator
from pathlib import Path

from review_records.check.checker import Checker
from review_records.pages.generate import generate_pages
from review_records.pages.sitemodel import SiteModel
from review_records.records.frontmatter import FrontMatter, Record
from review_records.settings import settings_from_mkdocs_yml

CANARY = "PRIVATE-CANARY-7f3a"

#: Values that are code, not data: following them would walk the whole interpreter.
_OPAQUE = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
)


def _children(obj: object) -> Iterator[object]:
    if isinstance(obj, dict):
        yield from obj.keys()
        yield from obj.values()
    elif isinstance(obj, (list, tuple, set, frozenset)):
        yield from obj
    else:
        for cls in type(obj).__mro__:
            for name in getattr(cls, "__slots__", ()):
                if hasattr(obj, name):
                    yield getattr(obj, name)
        yield from getattr(obj, "__dict__", {}).values()


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through data (not through code)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, _OPAQUE):
            continue
        seen.add(id(obj))
        yield obj
        if not isinstance(obj, (str, bytes, int, float, bool, type(None), dt.date)):
            stack.extend(_children(obj))


def private_leaks(root: object) -> list[str]:
    """What of the private data (or a whole record) can be reached from ``root``."""
    leaks = []
    for obj in reachable(root):
        if isinstance(obj, (Record, FrontMatter)):
            leaks.append(f"a {type(obj).__name__} ({getattr(obj, 'path', '?')})")
        elif isinstance(obj, str) and CANARY in obj:
            leaks.append(repr(obj[:60]))
    return leaks


def _with_private_canaries(root: Path) -> None:
    """Put the canary in the private mappings of one review and one answer."""
    for relpath in ("reviews/sample-child-heron/index.md", "reviews/sample-child-kestrel/qm12.md"):
        path = root / relpath
        text = path.read_text(encoding="utf-8")
        assert "\nprivate:\n" in text, relpath
        text = text.replace("\nprivate:\n", f'\nprivate:\n  canary: "{CANARY}"\n', 1)
        path.write_text(text, encoding="utf-8")


def test_the_site_model_cannot_reach_private_values(sample_repo: Path) -> None:
    _with_private_canaries(sample_repo)
    checker = Checker(settings_from_mkdocs_yml(sample_repo / "mkdocs.yml"))
    result = checker.run()
    assert result.problems == []
    # The walk does find private values where they are: the checker keeps its records.
    assert any(CANARY in leak for leak in private_leaks(checker))

    site = SiteModel.build(
        result.collection, include_drafts=True, today=dt.date(2026, 1, 1), target_months=6
    )
    assert private_leaks(site) == []
    assert private_leaks(result.collection) == []
    pages = generate_pages(site, home="# Home\n")
    assert not [uri for uri, text in pages.items() if CANARY in text]
