"""benchmarks/filters.py: what a channel's filter costs the digest and the alerts' claim.

On the 365 current-events pages (the cached corpus store, SQLite), the next digest of a
channel (`window_digest`: the latest 2,000 events) and the alerts' claim for a channel
that follows five busy entities (every item new, then again with nothing new: from the
channel's mark, and without one, reading every item of the entities, as before marks) are
timed
with no filter and with five rules of every
kind (two entities, a section, a keyword, an outlet; included and excluded), in the same
run, alternating; the table shows the medians and the ratio to no filter.

    python -m benchmarks.filters [--repeat 15] [--events 10000000]

With `--events N` the store is benchmarks/scaled.py's: the corpus's real events copied
until it holds N events (built once, cached), as `benchmarks/query.py --events N` uses.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import corpus_store, cpu_note, median, quiet_logs, table
from benchmarks.corpora import NOW

CHANNEL = "discord:1"
RULES = (
    ("include", "entity", "Ukraine"),
    ("include", "entity", "Israel"),
    ("exclude", "section", "Sports"),
    ("exclude", "keyword", "drone strike"),
    ("exclude", "outlet", "Reuters"),
)
FOLLOWED = ("Ukraine", "Russia", "Israel", "United States", "China")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--events", type=int, default=0, help="the scaled store's events")
    args = parser.parse_args()
    from bot.digest.schedule import window_digest
    from bot.store import FilterRule, Store

    with quiet_logs(), tempfile.TemporaryDirectory(prefix="bench-filters-") as work:
        db = Path(work) / "store.db"
        if args.events:
            from benchmarks.scaled import scaled_store

            source = scaled_store(args.events)
        else:
            source = corpus_store()
        shutil.copy(source, db)
        with Store(db) as store:
            timings: dict[str, list[float]] = {}
            counts: dict[str, int] = {}

            def timed(label: str, work_) -> None:
                started = time.perf_counter()
                found = work_()
                timings.setdefault(label, []).append(time.perf_counter() - started)
                counts[label] = found

            def digest() -> int:
                reply = window_digest(store, CHANNEL, 10)
                return sum(len(s.reports) for s in reply.stories)

            def claim() -> int:
                return store.follows.claim_alerts(CHANNEL, "bench", NOW)

            def unmark() -> None:  # the claim reads every item of the followed entities
                with store.writing():
                    store.db.conn.execute("DELETE FROM alert_marks")

            def unclaim() -> None:  # given back: every repeat claims anew
                unmark()
                with store.writing():
                    store.db.conn.execute("DELETE FROM alerts WHERE batch = 'bench'")

            with store.writing():
                store.db.conn.execute("DELETE FROM alerts")
                for name in FOLLOWED:
                    store.db.conn.execute(
                        "INSERT OR IGNORE INTO follows (channel, name, followed_at)"
                        " VALUES (?, ?, '2000-01-01T00:00:00+00:00')",
                        (CHANNEL, name),
                    )
            for _ in range(args.repeat):
                for filtered in (False, True):
                    if filtered:
                        for target in ("digest", "alerts"):
                            for rule in RULES:
                                store.filters.add(CHANNEL, FilterRule(target, *rule), NOW)
                    name = "5 rules" if filtered else "no filter"
                    timed(f"digest, {name}", digest)
                    timed(f"alerts' claim, {name}", claim)
                    # A reload's claim when nothing is new: every item told already. It
                    # reads from the channel's mark; without one (as before marks) it reads
                    # every item of the followed entities.
                    timed(f"claim, nothing new, {name}", claim)
                    unmark()
                    timed(f"claim, nothing new, no mark, {name}", claim)
                    unclaim()
                    if filtered:
                        with store.writing():
                            store.db.conn.execute("DELETE FROM channel_filters")
    where = f"{args.events:,} events" if args.events else "the 365 current-events pages"
    rows = []
    for what in ("digest", "alerts' claim", "claim, nothing new", "claim, nothing new, no mark"):
        base = median(timings[f"{what}, no filter"])
        for name in ("no filter", "5 rules"):
            label = f"{what}, {name}"
            seconds = median(timings[label])
            rows.append([label, counts[label], seconds * 1000, seconds / base])
    print(cpu_note())
    print(
        table(
            ["query", "items", "ms (median)", "× no filter"],
            rows,
            title=f"A channel's filter on {where}; {args.repeat} repeats",
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
