"""Read files into records: find the record files, split and parse front matter with
positions, and find the links in record text.

Stage 1 of the pipeline. Imports only the leaf modules (``problems``, ``errors``,
``settings``, ``progress``, ``parallel``).
"""

from __future__ import annotations
