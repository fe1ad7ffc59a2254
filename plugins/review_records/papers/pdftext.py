"""The text of a PDF, read back with pypdf: the only module that imports it.

pypdf is a pure-Python PDF library, actively kept, with no system library to
install; it reads the text of each page through the fonts' Unicode maps, which
WeasyPrint always writes. Besides the pages, every string the file holds is
read too (its metadata, the XMP packet, link targets, bookmarks), since a
reader sees those as well.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

__all__ = ["UnreadablePdf", "pdf_texts"]


class UnreadablePdf(ValueError):
    """The PDF cannot be read back, so its text cannot be checked (the message says why)."""


def pdf_texts(data: bytes) -> list[tuple[str, str]]:
    """(where, text) for each page (``page 1``…), then ``document``: every other string."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        texts = [(f"page {n}", page.extract_text()) for n, page in enumerate(reader.pages, start=1)]
        strings = list(_strings(reader.trailer, set()))
    except (PyPdfError, ValueError, KeyError) as error:
        raise UnreadablePdf(f"the PDF cannot be read back: {error}") from error
    texts.append(("document", "\n".join(strings)))
    return texts


def _strings(obj: Any, seen: set[int]) -> Iterator[str]:
    """Every string of the object graph from ``obj``, and the XML of metadata streams.

    Page content streams are left to :meth:`pypdf.PageObject.extract_text` (their
    text is glyph codes, not strings); fonts are left out (they hold no text).
    """
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, str) and not isinstance(obj, NameObject):
        yield str(obj)
    elif isinstance(obj, bytes):
        yield obj.decode("latin-1")
    elif isinstance(obj, StreamObject):
        if obj.get("/Type") == "/Metadata":
            yield obj.get_data().decode("utf-8", errors="replace")
    elif isinstance(obj, DictionaryObject):
        if obj.get("/Type") in ("/Font", "/FontDescriptor"):
            return
        for value in obj.values():
            yield from _strings(value, seen)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            yield from _strings(item, seen)
