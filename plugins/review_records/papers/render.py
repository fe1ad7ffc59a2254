"""HTML to PDF with WeasyPrint: the only module that imports it (pyproject's contracts).

WeasyPrint lays out HTML and CSS for print with no browser and writes tagged
PDF (PDF/UA-1: a structure tree, the language, the title shown), so a paper is
made from the site's own templates and reads well in a screen reader.

It is given a document that fetches nothing (no record can hold an image, the
stylesheet is inline): every fetch is refused and stops the rendering, so a
paper never reaches the network or the file system. Links to pages of the site
are relative and lead nowhere in a PDF: only ``http``, ``https`` and ``mailto``
links are kept, the rest stay as text.

The same HTML on the same date gives the same bytes when ``SOURCE_DATE_EPOCH`` is
set (fontTools, which subsets the fonts, stamps them with that time).
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..errors import ConfigurationError

__all__ = ["PdfUnavailable", "RenderRefused", "render_pdf"]

#: Link targets a paper keeps as links.
_KEPT_LINKS = ("http:", "https:", "mailto:")


class PdfUnavailable(ConfigurationError):
    """WeasyPrint or its system libraries are missing (the message says how to install them)."""


class RenderRefused(ValueError):
    """The document asked for something a paper never does (the message says what)."""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as error:  # not installed, or Pango missing (OSError subclasses)
        raise PdfUnavailable(
            "review-records pdf needs WeasyPrint and Pango: pip install 'review-records[pdf]' "
            f"and run scripts/install_pdf_libs.sh ({error})"
        ) from error
    except OSError as error:
        raise PdfUnavailable(
            f"WeasyPrint cannot load Pango; run scripts/install_pdf_libs.sh ({error})"
        ) from error
    return weasyprint


def render_pdf(document: str) -> bytes:
    """The PDF of the HTML ``document`` (title, language and dates from its head)."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class _NoFetch(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            raise FatalURLFetchingError(f"a paper fetches nothing, and it asked for {url[:80]}")

    try:
        rendered = weasyprint.HTML(string=document, url_fetcher=_NoFetch()).render(
            pdf_variant="pdf/ua-1"
        )
    except FatalURLFetchingError as error:
        raise RenderRefused(str(error)) from None
    for page in rendered.pages:
        page.links[:] = [
            link for link in page.links if link[0] == "external" and link[1].startswith(_KEPT_LINKS)
        ]
    # A content-derived identifier rather than a random one: the same paper, the same file.
    identifier = hashlib.sha256(document.encode("utf-8")).hexdigest()[:32].encode("ascii")
    data: bytes = rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
    return data
