"""benchmarks/alerts.py: alerts by story against alerts by sentence, day by day.

On the 365 current-events pages (the cached corpus store, SQLite), a channel follows five
busy entities. Each day's pages arrive in turn: their items are released (every other
item is held back as already known, as a follow records what the store held), then the
channel's alerts are delivered through `deliver_alerts`, the code a running bot uses, to a
poster that counts what it is asked to do. January to June is where the story thresholds
were set (the digest's); July to December is reported apart.

Before this change a delivery was one message listing every new sentence: "items" is what
a reader went through, one entry per sentence. Now each story is one message, and a later
development of a story told in the last `update_days` edits that message (or goes to its
thread) instead of raising a new alert. The time is the whole delivery (claim, plan, post,
mark) per day, against the delivery by sentence (claim, read, compose) in the same run.

    python -m benchmarks.alerts [--show N]

`--show N` prints N of July-December's updates (the alert's first sentence, then what the
edit added), a sample drawn the same way every run, to read them as a channel would.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.common import corpus_store, cpu_note, median, percentile, quiet_logs, table
from benchmarks.corpora import CURRENT_EVENTS_GOLD

CHANNEL = "discord:1"
FOLLOWED = ("Ukraine", "Russia", "Israel", "United States", "China")


class CountingPoster:
    """A front that counts: new messages (and the stories each tells), edits, replies."""

    def __init__(self, name: str) -> None:
        self.name = name  # its messages' ids start with it: unique across posters
        self.messages = 0
        self.stories = 0
        self.folded = 0  # stories told in a message with others (past STORY_MESSAGES)
        self.edits = 0
        self.replies = 0

    async def post_alert(self, channel, reply, thread=None):
        if thread is not None:
            self.replies += 1
            return None
        self.messages += 1
        self.stories += reply.stories
        self.folded += reply.stories if reply.stories > 1 else 0
        return f"{self.name}{self.messages}"

    async def find_alert(self, channel, batch, thread=None):
        return None

    async def edit_alert(self, channel, message_id, reply):
        self.edits += 1
        return True

    async def open_thread(self, channel, message_id, name):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print N updates of July-December")
    args = parser.parse_args()
    from bot.digest import alerts
    from bot.digest.alerts import deliver_alerts
    from bot.store import Store

    # Every update the plans make: the story's sentences so far, and what continues it.
    joined: list[tuple[list[str], list[str]]] = []
    planned = alerts.plan_stories

    def plan_stories(items, earlier, messages):  # type: ignore[no-untyped-def]
        plan, updates = planned(items, earlier, messages)
        told = {story: [e.sentence for _, e in its] for story, its in earlier}
        for story, added in updates.items():
            joined.append((told[story], [sentence for _, sentence in added]))
        return plan, updates

    alerts.plan_stories = plan_stories
    with quiet_logs(), tempfile.TemporaryDirectory(prefix="bench-alerts-") as work:
        db = Path(work) / "store.db"
        shutil.copy(corpus_store(), db)
        with Store(db) as store:
            days = _hold_back(store)
            gold = _gold_subjects()

            async def run(fn):
                return fn(store)

            halves: dict[str, dict[str, float]] = {}
            spent: dict[str, list[float]] = defaultdict(list)
            claims: dict[str, list[float]] = defaultdict(list)
            for half, months in (("Jan-Jun (tuning)", range(1, 7)), ("Jul-Dec", range(7, 13))):
                poster, sentences, deliveries = CountingPoster(half[:3]), 0, 0
                joined.clear()
                for day in sorted(d for d in days if int(d[5:7]) in months):
                    sentences += _release(store, days[day])
                    clock = dt.datetime.fromisoformat(f"{day}T12:00:00+00:00")
                    claims[half].append(_by_sentence(store, clock))
                    started = time.perf_counter()
                    said = asyncio.run(deliver_alerts(CHANNEL, lambda c=clock: c, run, poster))
                    spent[half].append(time.perf_counter() - started)
                    deliveries += "posted" in said
                if args.show and half == "Jul-Dec":
                    for told, added in random.Random(2025).sample(joined, args.show):
                        print(f"- told: {' | '.join(told)}\n  then: {' | '.join(added)}\n")
                linked = [_shares_a_subject(told, added, gold) for told, added in joined]
                halves[half] = {
                    "linked": sum(linked) / max(len(linked), 1),
                    "updates": len(joined),
                    "days with news": deliveries,
                    "sentences": sentences,
                    "messages": poster.messages,
                    "stories": poster.stories,
                    "folded": poster.folded,
                    "edits": poster.edits,
                }
    rows = [
        [
            half,
            n["days with news"],
            n["sentences"],
            n["messages"],
            n["stories"],
            n["folded"],
            n["edits"],
            n["updates"],
            100 * n["linked"],
            n["sentences"] / max(n["messages"], 1),
            median(spent[half]) * 1000,
            percentile(spent[half], 95) * 1000,
            median(spent[half]) / median(claims[half]),
        ]
        for half, n in halves.items()
    ]
    print(cpu_note())
    print(
        table(
            [
                "pages",
                "deliveries (messages by sentence)",
                "sentences (entries by sentence)",
                "messages by story",
                "stories told",
                "of them folded",
                "updates (edits)",
                "updates",
                "updates sharing a linked subject %",
                "sentences / message",
                "ms / delivery (median)",
                "p95 ms",
                "× by sentence",
            ],
            rows,
            title=f"Alerts by story for a channel following {', '.join(FOLLOWED)}",
        )
    )
    return 0


def _gold_subjects() -> dict[str, frozenset[str]]:
    """Each gold news item's first 80 characters: the articles its editors linked, less
    countries (a country is in half the items; it makes no subject in common)."""
    from bot.digest.stories import country_names

    countries = country_names()
    subjects: dict[str, frozenset[str]] = {}
    with CURRENT_EVENTS_GOLD.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            linked = {target for _, target in item["entities"] if target.lower() not in countries}
            subjects[item["text"][:80]] = frozenset(linked)
    return subjects


def _subjects(sentence: str, gold: dict[str, frozenset[str]]) -> frozenset[str]:
    """The linked subjects of the gold item a sentence opens or is part of."""
    if (found := gold.get(sentence[:80])) is not None:
        return found
    return next((linked for text, linked in gold.items() if sentence[:60] in text), frozenset())


def _shares_a_subject(told: list[str], added: list[str], gold: dict[str, frozenset[str]]) -> bool:
    """Whether an update names an article one of its story's items names (editors'
    links): a proxy for "is a development of that story", read from data nobody tuned on."""
    subjects = frozenset().union(*(_subjects(sentence, gold) for sentence in told))
    return any(subjects & _subjects(sentence, gold) for sentence in added)


def _sentences(reply) -> list[str]:
    return [e.sentence for g in reply.groups for e in g.events]


def _hold_back(store) -> dict[str, list[tuple[str, str]]]:
    """Follow the entities with every item held back as known; each day's items."""
    items = store.db.execute(
        "SELECT DISTINCT d.published, d.file, ev.sentence, en.name FROM entities en"
        " JOIN event_entities ee ON ee.entity_id = en.id"
        " JOIN events ev ON ev.id = ee.event_id JOIN documents d ON d.id = ev.document_id"
        f" WHERE en.name IN ({','.join('?' * len(FOLLOWED))})",
        FOLLOWED,
    ).fetchall()
    days: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with store.writing():
        conn = store.db.conn
        conn.execute("DELETE FROM alerts")
        for name in FOLLOWED:
            conn.execute(
                "INSERT INTO follows (channel, name, followed_at)"
                " VALUES (?, ?, '2025-01-01T00:00:00+00:00')",
                (CHANNEL, name),
            )
        conn.executemany(
            "INSERT OR IGNORE INTO alerts (channel, file, sentence, entity, batch, claimed_at,"
            " posted_at) VALUES (?, ?, ?, ?, '', '2025-01-01', '2025-01-01')",
            [(CHANNEL, file, sentence, name) for _, file, sentence, name in items],
        )
    for published, file, sentence, _ in items:
        days[published[:10]].append((file, sentence))
    return days


def _release(store, items: list[tuple[str, str]]) -> int:
    """A day's items are new: no longer held back as known."""
    with store.writing():
        return store.db.conn.executemany(
            "DELETE FROM alerts WHERE channel = ? AND batch = '' AND file = ? AND sentence = ?",
            [(CHANNEL, file, sentence) for file, sentence in set(items)],
        ).rowcount


def _by_sentence(store, clock: dt.datetime) -> float:
    """The delivery before this change, timed, then given back: claim the day's items,
    read them, compose one message of them all."""
    from bot.digest.alerts import compose_alert

    started = time.perf_counter()
    store.follows.claim_alerts(CHANNEL, "bench", clock)
    compose_alert(CHANNEL, "bench", store.follows.alert_items(CHANNEL, "bench"))
    seconds = time.perf_counter() - started
    with store.writing():
        store.db.conn.execute(
            "DELETE FROM alerts WHERE channel = ? AND batch = 'bench'", (CHANNEL,)
        )
    return seconds


if __name__ == "__main__":
    raise SystemExit(main())
