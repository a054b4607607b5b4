"""The daily digest against the 2025 current-events gold (issue 13).

    BRIEFING_SHARED=../shared PYTHONPATH=. python -m benchmarks.digest [--days 30] [--seed 13]

Each sampled day's page alone in a fresh store, its digest as `briefing digest --from DAY`
composes it, scored on the gold rows of that page (mapped to our paragraphs by text):
- lead: of the items cited by two or more outlets (the 5 most cited at most), the share
  among the digest's first 5 stories (chat order); `before` is main's composer (groups by
  first entity, biggest group first, then alphabetically);
- coverage: share of the page's items in some story of the JSON;
- sources: share of stories whose `sources` hold every outlet their items cite;
- fits: days whose digest renders within Discord's and Slack's limits, every lead line whole.
Then the cross-day check: 7 consecutive days in one store, one reload a day and a
digest after each. The gold says which items continue a story of an earlier day (at
least CONTINUES_ENTITIES linked entities in common and texts alike, token-set ratio ≥
CONTINUES_SCORE); each must be in a story marked as an update (best: of one of those
earlier items, "linked"), never shown as a new story. `updates` counts the stories our
rule marked, "of them gold" those holding an item the gold says continues.
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
from benchmarks.scoring.current_events import GoldParagraph, gold_paragraphs
from bot.digest.schedule import published_digest, window_digest
from bot.extraction.engine import Engine
from bot.fronts.discord.render import fits, render_digest
from bot.fronts.slack.render import BLOCKS_MAX, SECTION_MAX
from bot.fronts.slack.render import render_digest as slack_digest
from bot.ingest import reload
from bot.replies import DigestReply
from bot.seeds import read_seed
from bot.seeds.rules import paragraph
from bot.store import Store, StoredEvent

LEAD_TOP = 5
TARGETS = {"lead": 0.80, "coverage": 0.98, "sources": 1.0}


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
        events = store.events.published_between(day, day)
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
    para = paragraph([text])
    return list(para.sources) if para else []


# Two gold items continue one story when they share this many linked entities and
# their texts (citations aside) read this alike (rapidfuzz token-set ratio, 0..100).
CONTINUES_ENTITIES = 2
CONTINUES_SCORE = 55


def continues(later: GoldParagraph, earlier: GoldParagraph) -> bool:
    """The gold's own judgement that `later` continues `earlier`'s story."""
    shared = {t for _, t in later.entities} & {t for _, t in earlier.entities}
    if len(shared) < CONTINUES_ENTITIES:
        return False
    return fuzz.token_set_ratio(_uncited(later.text), _uncited(earlier.text)) >= CONTINUES_SCORE


def _uncited(text: str) -> str:
    para = paragraph([text])
    return para.text if para else text


def cross_day(engine: Engine, start: dt.date, days: int = 7) -> dict[str, int]:
    """One store, one reload a day, a digest after each. The gold finds the items that
    continue a story of an earlier day (`continues`); each is shown as an update (linked
    to one of its earlier items or to another), or as a new story (`as_new`: a duplicate)."""
    told: list[GoldParagraph] = []
    out = dict.fromkeys(
        ("stories", "updates", "gold_updates", "continuing", "as_update", "linked", "as_new"),
        0,
    )
    with tempfile.TemporaryDirectory(prefix="digest-days-") as tmp, Store(":memory:") as store:
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            path = CURRENT_EVENTS / f"{day}.txt"
            shutil.copy2(path, Path(tmp) / path.name)
            gold = [
                g for g in gold_paragraphs({path.name: read_seed(path)}) if g.paragraph is not None
            ]
            now = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
            with quiet_logs():
                reload(store, Path(tmp), engine, now)
            reply = window_digest(store, "bench:1")
            store.digests.claim("bench:1", day.isoformat(), now + dt.timedelta(minutes=1))
            store.digests.mark_posted("bench:1", day.isoformat(), "m", now)
            story_of = {
                (e.file, e.paragraph): story for story in reply.stories for e in story.reports
            }
            before = {
                (g.file, g.paragraph): [old for old in told if continues(g, old)] for g in gold
            }
            out["stories"] += len(reply.stories)
            for story in reply.stories:
                if story.update_of is not None:
                    out["updates"] += 1
                    out["gold_updates"] += any(
                        before.get((e.file, e.paragraph)) for e in story.reports
                    )
            for item in gold:
                story = story_of.get((item.file, item.paragraph))
                earlier = before[(item.file, item.paragraph)]
                if story is None or not earlier:
                    continue
                out["continuing"] += 1
                if story.update_of is None:
                    out["as_new"] += 1
                    continue
                out["as_update"] += 1
                linked = (story.update_of.file, story.update_of.paragraph)
                out["linked"] += linked in {(old.file, old.paragraph) for old in earlier}
            told += gold
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
    # Two weeks: from the first sampled day and from the middle one.
    starts = [dt.date.fromisoformat(sample[i].stem) for i in (0, len(sample) // 2)]
    columns = ("stories", "updates", "gold_updates", "continuing", "as_update", "linked")
    rows = []
    for start in dict.fromkeys(min(s, dt.date(2025, 12, 25)) for s in starts):
        check = cross_day(engine, start)
        rows.append((f"{start}+7", *(check[c] for c in columns), check["as_new"]))
    print()
    print(
        table(
            ("days", *columns, "as_new"),
            rows,
            "cross-day check (continuing items shown as new: target 0)",
        )
    )


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
