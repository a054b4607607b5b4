"""benchmarks/wire.py: how well wire copies are told from distinct reports (bot.feeds.wire).

The news items of the current-events pages are distinct reports (Wikipedia's editors
write each once). Every item is indexed as a feed's would be; then
- false merges: distinct items matched to an earlier one (a merge loses a story);
- found copies: each item rewritten as another outlet would carry it, looked up:
  a dateline added ("LONDON (Reuters) -"), the last sentence cut, two words changed,
  and a heavy rewrite (one word in ten dropped).
The January-June pages were used to choose SHINGLE_WORDS, NUM_PERM, THRESHOLD and the
rule that a copy states the same figures; the July-December pages are the report.

    python -m benchmarks.wire
"""

from __future__ import annotations

import random
import re
import time

from benchmarks.common import table
from benchmarks.corpora import CURRENT_EVENTS

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def items(months: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for month in months:
        for path in sorted(CURRENT_EVENTS.glob(f"2025-{month}-*.txt")):
            for block in path.read_text("utf-8").split("\n\n"):
                block = " ".join(block.split())
                if len(block) > 80 and not block.startswith(("date ", "title ", "source ")):
                    found.append(block)
    return list(dict.fromkeys(found))


def rewrites(text: str, rng: random.Random) -> dict[str, str]:
    words = text.split()
    changed = list(words)
    for j in rng.sample(range(len(words)), min(2, len(words))):
        changed[j] = "said" if words[j] != "said" else "reported"
    sentences = _SENTENCE_END.split(text)
    return {
        "dateline added": f"LONDON (Reuters) - {text}",
        "last sentence cut": " ".join(sentences[:-1]) if len(sentences) > 1 else text,
        "two words changed": " ".join(changed),
        "one word in ten dropped": " ".join(w for w in words if rng.random() > 0.1),
    }


def measure(texts: list[str]) -> list[list[object]]:
    from bot.feeds.wire import WireIndex, signature

    index = WireIndex()
    marks = [(i, signature(t)) for i, t in enumerate(texts)]
    marks = [(i, m) for i, m in marks if m is not None]
    started = time.perf_counter()
    false = 0
    for i, mark in marks:
        false += index.original(mark) is not None
        index.add(0, str(i), mark)
    seconds = time.perf_counter() - started
    rows: list[list[object]] = [
        ["distinct items wrongly merged", len(marks), false, f"{false / len(marks):.2%}", seconds]
    ]
    rng = random.Random(1)
    found: dict[str, list[int]] = {}
    for i, _ in marks:
        for kind, text in rewrites(texts[i], rng).items():
            mark = signature(text)
            if mark is None:
                continue
            hit = index.original(mark)
            found.setdefault(kind, []).append(int(hit is not None and hit.file == str(i)))
    for kind, hits in found.items():
        share = f"{sum(hits) / len(hits):.1%}"
        rows.append([f"copies found: {kind}", len(hits), sum(hits), share, ""])
    return rows


def main() -> None:
    if not CURRENT_EVENTS.is_dir():
        raise SystemExit(f"no current-events corpus at {CURRENT_EVENTS} (set BRIEFING_SHARED)")
    for label, months in (
        ("January-June (developed on)", ("01", "02", "03", "04", "05", "06")),
        ("July-December (report)", ("07", "08", "09", "10", "11", "12")),
    ):
        print(
            table(
                ["measure", "items", "count", "share", "index seconds"],
                measure(items(months)),
                title=f"Wire copies, {label}",
            )
        )
        print()


if __name__ == "__main__":
    main()
