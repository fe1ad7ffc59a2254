"""Board papers: a review, or the action plan, as a checked PDF (``review-records pdf``).

Above ``pages`` and ``safety``: it takes a checked collection (it never checks
records itself), has the pages write the paper's HTML, the publication check
read it, WeasyPrint (:mod:`.render`, the only importer of ``weasyprint``) make
the PDF and pypdf (:mod:`.pdftext`, the only importer of ``pypdf``) read its
text back for the last check. Writing the file is the command line's work.
"""

from __future__ import annotations

from .paper import Paper, PaperRefused, actions_pdf, review_pdf
from .render import PdfUnavailable

__all__ = ["Paper", "PaperRefused", "PdfUnavailable", "actions_pdf", "review_pdf"]
