"""The daily digest against the 2025 current-events gold (issue 13).

    BRIEFING_SHARED=/work/shared PYTHONPATH=. python -m benchmarks.digest [--days 30] [--seed 13]

Each sampled day's page alone in a fresh store, its digest as `briefing digest --from DAY`
composes it, scored on the gold rows of that page (mapped to our paragraphs by text):
- lead: of the items cited by two or more outlets (the 5 most cited at most), the share
  among the digest's first 5 stories (chat order); `before` is main's composer (groups by
  first entity, biggest group first, then alphabetically);
- coverage: share of the page's items in some story of the JSON;
- sources: share of stories whose `sources` hold every outlet their items cite;
- fits: days whose digest renders within Discord's and Slack's limits, every lead line whole.
Then the cross-day check: 7 consecutive days in one store, one reload a day and a
digest after each; a story whose lead reads like one already shown (token-set ratio ≥
CONTINUES_SCORE, an entity in common) must be marked as an update, never shown as new.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path

from rapidfuzz import fuzz

from benchmarks.common import quiet_logs, table
from benchmarks.corpora import CURRENT_EVENTS, FALLBACK, MODEL, NOW
from benchmarks.scoring.current_events import gold_paragraphs
from bot.digest.schedule import published_digest, window_digest
from bot.extraction.engine import Engine
from bot.fronts.discord.render import fits, render_digest
from bot.fronts.slack.render import BLOCKS_MAX, SECTION_MAX
from bot.fronts.slack.render import render_digest as slack_digest
from bot.ingest import reload
from bot.replies import DigestReply
from bot.seeds import read_seed
from bot.store import Store, StoredEvent

LEAD_TOP = 5
TARGETS = {"lead": 0.80, "coverage": 0.98, "sources": 1.0}
CONTINUES_SCORE = 80


def before_order(events: list[StoredEvent]) -> list[tuple[str, int]]:
    """Main's digest order before issue 13: (file, paragraph) of each line, in order."""
    groups: dict[str, list[StoredEvent]] = {}
    seen: set[str] = set()
    ordered = sorted(events, key=lambda e: e.id)
    ordered.sort(key=lambda e: (e.when_end, e.when_start), reverse=True)
    for event in ordered:
        if event.sentence in seen:
            continue
        seen.add(event.sentence)
        concern = (event.actors or event.places or ("Other",))[0]
        groups.setdefault(concern, []).append(event)
    by_size = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return [(e.file, e.paragraph) for _, items in by_size for e in items]


def fits_both(reply: DigestReply, day: dt.date) -> bool:
    """Discord and Slack within their limits, with every lead story shown whole."""
    embed = render_digest(reply, day)
    lines = sum(f.value.count("\n• ") + f.value.startswith("• ") for f in embed.fields)
    slack = slack_digest(reply, day)
    sections = [b["text"]["text"] for b in slack.blocks if b["type"] == "section"]
    slack_lines = sum(t.count("\n• ") + t.startswith("• ") for t in sections)
    return (
        fits(embed)
        and len(slack.blocks) <= BLOCKS_MAX
        and all(len(t) <= SECTION_MAX for t in sections)
        and lines == slack_lines == reply.lead
    )


def score_day(engine: Engine, path: Path) -> dict[str, float]:
    day = dt.date.fromisoformat(path.stem)
    document = read_seed(path)
    gold = [g for g in gold_paragraphs({path.name: document}) if g.paragraph is not None]
    cited = {g.paragraph: g for g in gold}
    with tempfile.TemporaryDirectory(prefix="digest-") as tmp, Store(":memory:") as store:
        shutil.copy2(path, Path(tmp) / path.name)
        with quiet_logs():
            reload(store, Path(tmp), engine, NOW)
        reply = published_digest(store, day, day)
        events = store.events_published_between(day, day)
    outlets = {g.paragraph: _citations(g.text) for g in gold}
    stories = [{e.paragraph for e in s.reports} for s in reply.stories]
    multi = sorted(
        (p for p, c in outlets.items() if len(c) >= 2), key=lambda p: (-len(outlets[p]), p)
    )[:LEAD_TOP]
    first = set().union(*stories[:LEAD_TOP]) if stories else set()
    old = list(dict.fromkeys(p for _, p in before_order(events)))[:LEAD_TOP]
    covered = set().union(*stories) if stories else set()
    credited = [
        set(outlets[p]) <= set(s.sources)
        for s, paras in zip(reply.stories, stories, strict=True)
        for p in paras
        if p in cited
    ]
    return {
        "multi": len(multi),
        "lead": sum(p in first for p in multi),
        "lead_before": sum(p in old for p in multi),
        "items": len(gold),
        "covered": sum(g.paragraph in covered for g in gold),
        "stories": len(credited),
        "credited": sum(credited),
        "fits": fits_both(reply, day),
    }


def _citations(text: str) -> list[str]:
    from bot.seeds.rules import paragraph

    para = paragraph([text])
    return list(para.sources) if para else []


def cross_day(engine: Engine, start: dt.date, days: int = 7) -> dict[str, int]:
    """One store, one reload a day, a digest after each: continuing stories as updates."""
    shown: list[StoredEvent] = []
    out = {"stories": 0, "updates": 0, "continuing": 0, "duplicates": 0}
    with tempfile.TemporaryDirectory(prefix="digest-days-") as tmp, Store(":memory:") as store:
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            shutil.copy2(CURRENT_EVENTS / f"{day}.txt", Path(tmp) / f"{day}.txt")
            now = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
            with quiet_logs():
                reload(store, Path(tmp), engine, now)
            reply = window_digest(store, "bench:1")
            store.claim_digest("bench:1", day.isoformat(), now + dt.timedelta(minutes=1))
            store.mark_digest_posted("bench:1", day.isoformat(), "m", now)
            for story in reply.stories:
                out["stories"] += 1
                out["updates"] += story.update_of is not None
                lead = story.lead
                names = {*lead.actors, *lead.places}
                continues = any(
                    names & {*old.actors, *old.places}
                    and fuzz.token_set_ratio(lead.sentence, old.sentence) >= CONTINUES_SCORE
                    for old in shown
                )
                out["continuing"] += continues
                out["duplicates"] += continues and story.update_of is None
            shown += [s.lead for s in reply.stories]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--no-cross-day", action="store_true")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if not CURRENT_EVENTS.is_dir():
        raise SystemExit(f"no current-events corpus at {CURRENT_EVENTS} (set BRIEFING_SHARED)")
    pages = sorted(CURRENT_EVENTS.glob("2025-*.txt"))
    sample = sorted(random.Random(args.seed).sample(pages, args.days))
    engine = Engine(MODEL, FALLBACK)
    totals: dict[str, float] = {}
    for path in sample:
        for key, value in score_day(engine, path).items():
            totals[key] = totals.get(key, 0) + value
    ratio = lambda a, b: round(a / b, 3) if b else 0.0  # noqa: E731
    rows = [
        (
            "lead",
            ratio(totals["lead_before"], totals["multi"]),
            ratio(totals["lead"], totals["multi"]),
            TARGETS["lead"],
        ),
        ("coverage", "", ratio(totals["covered"], totals["items"]), TARGETS["coverage"]),
        ("sources", "", ratio(totals["credited"], totals["stories"]), TARGETS["sources"]),
        ("fits", "", f"{int(totals['fits'])}/{args.days}", f"{args.days}/{args.days}"),
    ]
    print(
        table(
            ("measure", "before", "after", "target"),
            rows,
            f"digest, {args.days} days of 2025 (seed {args.seed})",
        )
    )
    if args.no_cross_day:
        return
    start = dt.date.fromisoformat(sample[0].stem)
    start = min(start, dt.date(2025, 12, 25))
    check = cross_day(engine, start)
    print()
    print(
        table(
            ("days", "stories", "updates", "continuing", "duplicates"),
            [
                (
                    f"{start}+7",
                    check["stories"],
                    check["updates"],
                    check["continuing"],
                    check["duplicates"],
                )
            ],
            "cross-day check (duplicates target 0)",
        )
    )


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
