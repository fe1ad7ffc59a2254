"""The ``review-records`` command run as a subprocess, with plain (uncoloured) output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_review_records(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``review-records`` command in ``root``, as a user would."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "review-records"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
