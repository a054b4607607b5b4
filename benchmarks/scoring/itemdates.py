"""Dates a reader can trust (issue 22), on a store of the 2025 current-events pages.

- far-dated: events whose item date ends more than 31 days before their page's date or
  starts more than 1 day after it (each page is one day's news: such an item is nearly
  always a year its sentence mentions, not its own), on the whole year and per half;
- `/since` first pages: for the first of each month, through the command's handler, every
  item on the first console page dated in [D, newest page] and from a page published on
  or after D - 31 days;
- digests: for every day and every ISO week, the digest as `briefing digest --from
  --to` composes it, rendered for the console: every line's date inside the digest's
  days (an "update of DATE" mark says itself that it is earlier) and the footer's
  `/since` the digest's first day;
- mentioned-date roles: the role the store gives each date of a hand-labelled sample of
  sentences (benchmarks/data/date_roles.tsv), against the label; January–June (where the
  rules were developed) and July–December (never looked at while writing them) apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.report import HALF_SUFFIX, Metric, Section
from bot.digest.schedule import published_digest
from bot.fronts.console.render import PAGE_SIZE, render
from bot.store import Store, StoredEvent
from commands import Env
from commands import since as since_command

FAR_BEFORE_DAYS = 31
FAR_AFTER_DAYS = 1
HALF = "2025-07-01"  # the first day of the half the rules were not developed on
SINCE_DAYS = [dt.date(2025, month, 1) for month in range(1, 13)]
ROLES_FILE = Path(__file__).resolve().parents[1] / "data" / "date_roles.tsv"
_LINE_DATE = re.compile(r"^  - (.+?) \| (update of (\S+): )?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_FOOTER = re.compile(r"/since (\S+)")


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def far_dated(event: StoredEvent) -> bool:
    published = _day(event.published)
    return (published - _day(event.when_end)).days > FAR_BEFORE_DAYS or (
        _day(event.when_start) - published
    ).days > FAR_AFTER_DAYS


@dataclass
class ItemDatesScore:
    events: dict[str, int] = field(default_factory=dict)  # per half: "all", "h1", "h2"
    far: dict[str, list[StoredEvent]] = field(default_factory=dict)
    since_pages: int = 0
    since_good: int = 0
    since_bad: list[str] = field(default_factory=list)
    digests: int = 0
    digest_bad: list[str] = field(default_factory=list)
    roles: dict[str, tuple[int, int]] = field(default_factory=dict)  # half -> (right, asked)
    role_misses: list[str] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        out = []
        for half, label in (("all", ""), ("h1", " (January–June)"), ("h2", " (July–December)")):
            n, far = self.events.get(half, 0), len(self.far.get(half, ()))
            key = "itemdates.far_share" + {"all": "", "h1": "_h1", "h2": HALF_SUFFIX}[half]
            out.append(Metric(key, f"far-dated events: share{label}", far / n if n else 0.0))
        out.append(Metric("itemdates.far", "far-dated events (info)", len(self.far["all"])))
        out.append(
            Metric(
                "itemdates.since_pages",
                "/since first pages with every item in range",
                self.since_good / self.since_pages if self.since_pages else 0.0,
                f"{self.since_good}/{self.since_pages}",
            )
        )
        out.append(Metric("itemdates.digests", "digests read (days and weeks, info)", self.digests))
        out.append(
            Metric(
                "itemdates.digest_violations", "digest lines/footers misdated", len(self.digest_bad)
            )
        )
        for half, label in (("h1", "January–June"), ("h2", "July–December")):
            right, asked = self.roles.get(half, (0, 0))
            if asked:
                out.append(
                    Metric(
                        "itemdates.roles" + ("_h1" if half == "h1" else HALF_SUFFIX),
                        f"mentioned dates: role right ({label}, {asked} hand-labelled)",
                        right / asked,
                    )
                )
        return out

    def sections(self) -> list[Section]:
        far = [
            f"{e.published} | {e.when_start}..{e.when_end} {e.when_text!r} | {e.sentence[:140]}"
            for e in self.far.get("all", ())
        ]
        return [
            Section("far-dated events (page | item date | sentence)", far, limit=None),
            Section("/since first pages: items out of range", self.since_bad),
            Section("digests: misdated lines or footers", self.digest_bad),
            Section("mentioned dates, January–June: role wrong (label -> ours)", self.role_misses),
        ]


def score_far(score: ItemDatesScore, events: Iterable[StoredEvent]) -> None:
    for half in ("all", "h1", "h2"):
        score.events[half] = 0
        score.far[half] = []
    for event in events:
        halves = ("all", "h1" if event.published < HALF else "h2")
        for half in halves:
            score.events[half] += 1
            if far_dated(event):
                score.far[half].append(event)


def score_since_pages(score: ItemDatesScore, store: Store, corpus: Path, newest: dt.date) -> None:
    for day in SINCE_DAYS:
        now = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        env = Env(seeds=corpus, page_size=PAGE_SIZE)
        reply = since_command.handle(store, {"date": day.isoformat()}, now, env)
        bad = [
            e
            for sentence in reply.sentences
            for e in sentence.events
            if not (day <= _day(e.when_end) <= newest)
            or _day(e.published) < day - dt.timedelta(days=FAR_BEFORE_DAYS)
        ]
        score.since_pages += 1
        score.since_good += not bad
        score.since_bad += [
            f"/since {day}: {e.when_start}..{e.when_end} {e.sentence[:100]}" for e in bad
        ]


def digest_windows(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every day, then every ISO week (Monday to Sunday) that overlaps the range."""
    days = [(first + dt.timedelta(n),) * 2 for n in range((last - first).days + 1)]
    monday = first - dt.timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append((monday, monday + dt.timedelta(days=6)))
        monday += dt.timedelta(days=7)
    return days + weeks


def check_digest(text: str, start: dt.date, end: dt.date) -> list[str]:
    """What a rendered console digest gets wrong about its days."""
    bad = []
    for line in text.splitlines():
        if line.startswith("and ") and (m := _FOOTER.search(line)) and m[1] != start.isoformat():
            bad.append(f"{start}..{end}: footer /since {m[1]}")
        m = _LINE_DATE.match(line)
        if m is None:
            continue
        if not _ISO.fullmatch(m[1]) or not start <= dt.date.fromisoformat(m[1]) <= end:
            bad.append(f"{start}..{end}: {line[:120]}")
        if m[3] and m[3] > end.isoformat():
            bad.append(f"{start}..{end}: update of a later day: {line[:120]}")
    return bad


def score_digests(score: ItemDatesScore, store: Store, first: dt.date, last: dt.date) -> None:
    for start, end in digest_windows(first, last):
        reply = published_digest(store, start, end)
        score.digests += 1
        score.digest_bad += check_digest(render(reply), start, end)


def read_roles(path: Path = ROLES_FILE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


def sentence_roles(events: Iterable[StoredEvent]) -> dict[tuple[str, str], str]:
    """(sentence, date text) -> the role the store gives it for its sentence's news: item
    when it dates one of the sentence's events, else the role its events give it."""
    found: dict[tuple[str, str], str] = {}
    for event in events:
        sentence = " ".join(event.sentence.split())
        for date in getattr(event, "dates", ()):  # () before issue 22 stored them
            key = (sentence, date["text"])
            if date["role"] == "item" or key not in found:
                found[key] = date["role"]
    return found


def score_roles(score: ItemDatesScore, events: Iterable[StoredEvent], rows: list[dict]) -> None:
    ours = sentence_roles(events)
    tally: dict[str, list[int]] = {}
    for row in rows:
        got = ours.get((row["sentence"], row["date_text"]), "missing")
        half = row["half"].lower()
        right_asked = tally.setdefault(half, [0, 0])
        right_asked[1] += 1
        if got == row["role"]:
            right_asked[0] += 1
        elif half == "h1":  # the half held apart is counted, never listed: nothing to tune on
            said = f"{row['half']} {row['date_text']!r}: {row['role']} -> {got}"
            score.role_misses.append(f"{said} | {row['sentence'][:110]}")
    score.roles = {half: (r, a) for half, (r, a) in tally.items()}


def score_item_dates(store: Store, corpus: Path, roles: list[dict] | None = None) -> ItemDatesScore:
    score = ItemDatesScore()
    events, _ = store.events.since(dt.date.min)
    score_far(score, events)
    published = [_day(e.published) for e in events]
    if not published:
        return score
    first, newest = min(published), max(published)
    score_since_pages(score, store, corpus, newest)
    score_digests(score, store, first, newest)
    score_roles(score, events, read_roles() if roles is None else roles)
    return score
