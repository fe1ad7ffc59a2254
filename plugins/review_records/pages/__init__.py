"""The pages of the learning site: the site model, every generated page as Markdown,
the export, and the rendering of record text.

Stage 4: a checked collection in, ``{src_uri: markdown}`` out. Pure and MkDocs-free;
never imports ``check`` (it is handed a result, it does not make one).
"""

from __future__ import annotations
