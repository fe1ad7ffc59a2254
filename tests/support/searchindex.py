"""The Pagefind index of a built site, read decompressed, for tests that look inside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from review_records.safety.searchindex import SEARCH_FOLDER, read_index_file


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """URL → the fragment Pagefind wrote for it (text, title, filters), for every page."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((site / SEARCH_FOLDER / "fragment").glob("*.pf_fragment")):
        decoded = read_index_file(f"fragment/{path.name}", path.read_bytes())
        assert decoded is not None and decoded.fragment is not None
        found[decoded.fragment["url"]] = decoded.fragment
    return found


def index_text(site: Path) -> str:
    """Every string of every file of the index (fragments, words, filters, metadata)."""
    strings: list[str] = []
    folder = site / SEARCH_FOLDER
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        decoded = read_index_file(path.relative_to(folder).as_posix(), path.read_bytes())
        if decoded is not None:
            strings += decoded.strings
    return "\n".join(strings)
