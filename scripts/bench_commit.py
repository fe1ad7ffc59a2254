"""Time what a commit runs: `check FILE ...` and `fmt --check FILE ...` on a few files.

Generates N synthetic (fictional) reviews with scripts/bench_check.py's generator, then
prints medians for: the pre-commit check of one answer file and of one whole review,
the full check without a cache, and `fmt --check` of one review and of everything.

Usage: python scripts/bench_commit.py [--reviews 100 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import make_repo, time_command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tool = str(Path(sys.executable).parent / "review-records")
    one = "reviews/child-00001"
    commands = {
        "check 1 file": [tool, "check", f"{one}/qm05.md"],
        "check 1 review": [tool, "check", *(f"{one}/{n}" for n in ["index.md", "qm01.md"])],
        "check all, cold": [tool, "check"],
        "fmt --check 1 review": [tool, "fmt", "--check", one],
        "fmt --check all": [tool, "fmt", "--check"],
    }
    print(f"{'reviews':>8} " + " ".join(f"{name:>21}" for name in commands))
    for count in args.reviews:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_repo(folder, count)
            times: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, command in commands.items():
                    shutil.rmtree(folder / ".cache", ignore_errors=True)
                    times[name].append(time_command(command, folder))
            cells = " ".join(f"{statistics.median(t):>20.2f}s" for t in times.values())
            print(f"{count:>8} {cells}")


if __name__ == "__main__":
    main()
