"""MEANTIME DATE timexes against our dates: extent found, resolved to the gold interval."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.scoring.matching import found_span, ratio
from benchmarks.scoring.meantime import Analysis, Article
from benchmarks.scoring.report import Metric, Section
from bot.extraction.extractor import Found

# What counts as one of our dates (Found.label).
DATE_LABELS = frozenset({"DATE", "TIME"})

_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def gold_interval(value: str) -> tuple[dt.date, dt.date, str] | None:
    """A TIMEX3 value as (start, end, granularity), end inclusive; None when not gradable.

    Gradable: YYYY-MM-DD, YYYY-Www (ISO week), YYYY-MM, YYYY-Qn, YYYY. Everything else
    (XXXX, PAST_REF, seasons, weekends, decades, parts of days, fiscal years) is None.
    """
    value = value.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, "day"
        if m := _WEEK.fullmatch(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6), "week"
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            first = dt.date(int(m[1]), int(m[2]), 1)
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1), "month"
        if m := _QUARTER.fullmatch(value):
            year, quarter = int(m[1]), int(m[2])
            start = dt.date(year, 3 * quarter - 2, 1)
            end = dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
            return start, end if quarter == 4 else end - dt.timedelta(days=1), "quarter"
        if m := re.fullmatch(r"(\d{4})", value):
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError:
        return None
    return None


@dataclass
class DateScore:
    gold: int = 0
    extent_hits: int = 0
    correct: int = 0
    judged: int = 0  # our resolved expressions that overlap no timex or a gradable DATE
    judged_correct: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.judged_correct, self.judged)

    @property
    def recall(self) -> float:
        return ratio(self.correct, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def metrics(self) -> list[Metric]:
        return [
            Metric("dates.gold", "MEANTIME dates: gold DATE timexes", self.gold),
            Metric(
                "dates.extent_recall",
                "MEANTIME dates: extent recall",
                ratio(self.extent_hits, self.gold),
            ),
            Metric("dates.value_precision", "MEANTIME dates: value precision", self.precision),
            Metric("dates.value_recall", "MEANTIME dates: value recall", self.recall),
            Metric("dates.value_f1", "MEANTIME dates: value F1", self.f1),
        ]

    def sections(self) -> list[Section]:
        return [
            Section(
                "dates: gold missed or wrong (article | text | gold value | ours)",
                [f"{a[:28]} | {t!r} | {v} | {o}" for a, t, v, o in self.misses],
                limit=None,
            ),
            Section(
                "dates: ours resolved where no gold timex (article | ours)",
                [f"{a[:28]} | {o}" for a, o, _ in self.spurious],
            ),
        ]


def _when_text(item: Found) -> str:
    if item.when is None:
        return f"{item.text!r} -> unresolved"
    w = item.when
    return f"{item.text!r} -> {w.start}..{w.end} ({w.granularity})"


def score_dates(articles: Sequence[Article], analyses: Sequence[Analysis]) -> DateScore:
    """Gradable gold DATEs (not the creation time) against our DATE/TIME expressions."""
    score = DateScore()
    for article, (found, _) in zip(articles, analyses, strict=True):
        ours = [f for f in found if f.label in DATE_LABELS]
        # Every timex in the scored text (the creation time sits in the dateline, unscored).
        timexes = [(t.span, t) for t in article.timexes if t.span and t.function != "CREATION_TIME"]
        gold = [
            (span, t, interval)
            for span, t in timexes
            if t.type == "DATE" and (interval := gold_interval(t.value)) is not None
        ]
        for gold_span, timex, interval in gold:
            over = [f for f in ours if found_span(f).overlaps(gold_span)]
            score.gold += 1
            score.extent_hits += bool(over)
            if any(f.when and (f.when.start, f.when.end) == interval[:2] for f in over):
                score.correct += 1
            else:
                ours_text = "; ".join(_when_text(f) for f in over) or "nothing"
                score.misses.append((article.name, timex.text, timex.value, ours_text))
        for item in ours:
            if item.when is None:
                continue
            span = found_span(item)
            touched = [t for s, t in timexes if s.overlaps(span)]
            gradable = [iv for s, _, iv in gold if s.overlaps(span)]
            if touched and not gradable:
                continue  # only an ungradable timex (a duration, a vague "recently"): not judged
            score.judged += 1
            if any((item.when.start, item.when.end) == iv[:2] for iv in gradable):
                score.judged_correct += 1
            elif not touched:
                score.spurious.append((article.name, _when_text(item), "no gold timex"))
    return score
