"""Dates a reader can trust (issue 22), scored on a store as it is, without reloading it.

    PYTHONPATH=. python -m benchmarks.itemdates --db FILE [--save F] [--baseline F] [--verbose]

`benchmarks/quality.py --only itemdates` reloads the 2025 pages with the current code and
scores the same; this scores a store another version built (the "before" column), so both
are measured by the same code. The store must hold the 2025 current-events pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.corpora import CURRENT_EVENTS
from benchmarks.scoring.itemdates import score_item_dates
from benchmarks.scoring.report import render_table
from bot.store import Store


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store of the 2025 pages")
    parser.add_argument("--save", type=Path, help="write the values as JSON")
    parser.add_argument("--baseline", type=Path, help="a --save file to compare")
    parser.add_argument("--verbose", action="store_true", help="print what each score missed")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"no store at {args.db}")
    with Store(str(args.db)) as store:
        score = score_item_dates(store, CURRENT_EVENTS)
    metrics = score.metrics()
    if args.verbose:
        for section in score.sections():
            print(section.render())
    baseline = json.loads(args.baseline.read_text("utf-8")) if args.baseline else None
    print(render_table(metrics, baseline))
    if args.save:
        args.save.write_text(json.dumps({m.key: m.value for m in metrics}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
