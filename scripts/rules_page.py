"""Write the rules catalogue's table into the Guide (docs/guide/rules.md).

The table between the two marker comments is made from plugins/review_records/rules.py;
``tests/test_rules.py`` fails when the page and the catalogue differ.

Usage: python scripts/rules_page.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from review_records.rules import rules_table  # noqa: E402

PAGE = ROOT / "docs" / "guide" / "rules.md"
START = "<!-- rules table: made by scripts/rules_page.py -->\n"
END = "<!-- /rules table -->\n"


def main() -> None:
    text = PAGE.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    PAGE.write_text(f"{before}{START}\n{rules_table()}\n{END}{after}", encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
