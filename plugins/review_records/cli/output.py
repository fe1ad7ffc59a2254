"""A command's output file: written atomically, never into the records, never over a file."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..errors import ConfigurationError
from ..settings import Settings

__all__ = ["write_output"]


def write_output(settings: Settings, output: Path, data: str | bytes, *, overwrite: bool) -> None:
    """Write ``data`` to ``output`` through a temporary file beside it, then rename it.

    A reader never sees half a file, and a failed write leaves what was there.
    The records' folders (and ``docs/``, which the site publishes) are refused.
    Without ``overwrite`` an existing file is an error and stays as it was: the
    finished file is linked into place, which fails if the name is taken meanwhile.
    """
    target = output.resolve()
    for option in ("reviews_dir", "markers_dir", "schema_dir", "docs_dir"):
        folder = settings.path(getattr(settings, option)).resolve()
        if target == folder or folder in target.parents:
            name = getattr(settings, option)
            raise ConfigurationError(f"{output} is inside {name}/; write it somewhere else")
    if not overwrite and (target.exists() or target.is_symlink()):
        raise ConfigurationError(f"{output} exists; nothing written (add --force to replace it)")
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        if isinstance(data, bytes):
            temporary.write_bytes(data)
        else:
            temporary.write_text(data, encoding="utf-8", newline="\n")
        if overwrite:
            temporary.replace(target)
        else:
            os.link(temporary, target)
    except FileExistsError:
        raise ConfigurationError(
            f"{output} exists; nothing written (add --force to replace it)"
        ) from None
    except OSError as error:
        raise ConfigurationError(f"cannot write {output}: {error.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
