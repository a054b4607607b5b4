"""Chat query latency on a store of a million events, through the command handlers.

    python benchmarks/query.py [--events N] [--calls N] [--explain] [--rebuild]

The store is the current-events corpus's real events copied with SQL until it holds
``--events`` events (default 1,000,000; see benchmarks/scaled.py, which builds ten
million on two cores). The built store is cached under ``$BRIEFING_BENCH_CACHE``
(default /tmp/briefing-bench) keyed by the builder's version, the corpus and the store's
migrations: a rerun only measures.

`/who` of the frequent entities runs twice on the same store in the same process: with
the co-actor ranking read from the co-occurrence table (as the store answers) and, as
"counted", with the ranking counted over the entity's events and their actors (the query
before `entity_pairs`, `aggregates.co_actors_counted`); the "before / after" table gives
their ratios, as does the ranking alone (`Store.co_actors(id, 25)`).

Every command runs through ``commands.run_line`` with ``Env(page_size=5)``, as the chat
fronts call it; autocomplete calls ``Store.complete(prefix, 25)`` as the Discord front
does. Each scenario is warmed once (that first call is shown), then timed over many
calls; p50/p95 are nearest-rank percentiles. The first call of "/who unknown" reads every
name into the store's cache (once per store generation); later calls reuse it.
``--explain`` prints EXPLAIN QUERY PLAN of every SELECT a scenario runs (captured with a
trace callback on the store's connection).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import cpu_note, median, percentile, table
from benchmarks.corpora import CURRENT_EVENTS, NOW
from benchmarks.scaled import FREQUENT, scaled_store
from bot.store import Store, aggregates, days
from commands import Env, run_line

# --- scenarios ---------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    calls: int
    run: Callable[[int], object]
    target_ms: float | None = None
    note: str = ""
    baseline_of: str | None = None  # the scenario this one is the "before" of


@contextlib.contextmanager
def counted_over_events():
    """The store counts over the entity's events, as before the tallies: co-actors before
    the co-occurrence table, the digest's baseline before `entity_days` (for the
    before/after comparison only)."""
    from_pairs, from_days = aggregates.co_actors, days.entity_activity
    aggregates.co_actors = aggregates.co_actors_counted
    days.entity_activity = aggregates.entity_activity_counted
    try:
        yield
    finally:
        aggregates.co_actors, days.entity_activity = from_pairs, from_days


def counted(run: Callable[[int], object]) -> Callable[[int], object]:
    def run_counted(i: int) -> object:
        with counted_over_events():
            return run(i)

    return run_counted


def _pick(store: Store, seed: int = 7) -> dict[str, list[str]]:
    """Names to ask for: rare (one event) and mid-frequency entities of random copies."""
    rng = random.Random(seed)
    copies = int(store.get_state("bench_scaled_copies") or 1)
    stride = int(store.get_state("bench_entity_stride") or 10**12)
    rare = [
        r[0]
        for r in store.db.execute(
            "SELECT e.name FROM entities e WHERE e.id < ? AND (SELECT count(*) FROM"
            " event_entities ee WHERE ee.entity_id = e.id) = 1 ORDER BY e.id",
            (stride,),
        )
    ]
    mid = [
        r[0]
        for r in store.db.execute(
            "SELECT e.name FROM entities e WHERE e.id < ? AND (SELECT count(*) FROM"
            " event_entities ee WHERE ee.entity_id = e.id) BETWEEN 50 AND 300"
            f" AND e.name NOT IN ({','.join('?' * len(FREQUENT))}) ORDER BY e.id",
            (stride, *FREQUENT),
        )
    ]

    def renamed(names: list[str], k: int) -> list[str]:
        chosen = rng.sample(names, min(k, len(names)))
        return [f"{n} c{rng.randrange(1, copies)}" if copies > 1 else n for n in chosen]

    return {"rare": renamed(rare, 50), "mid": renamed(mid, 10)}


def scenarios(store: Store, calls: int) -> list[Scenario]:
    env = Env(seeds=CURRENT_EVENTS, page_size=5)
    names = _pick(store)
    few = max(5, calls // 10)

    def ask(lines: list[str]) -> Callable[[int], object]:
        return lambda i: run_line(lines[i % len(lines)], store, NOW, env)

    def ranking(name: str) -> Callable[[int], object]:
        entity = store.entity(name)
        return lambda i: store.co_actors(entity.id, 25)

    top = _most_frequent(store)

    prefixes = ["u", "is", "ru", "al", "ne", "sa", "b", "ch", "ma", "don", "ga", "k"]
    unknown = ["Tartsu", "Isreal", "Vladimr Putin", "Zelenskiyy", "Damascos", "Kremlinn"]
    last_day = store.db.execute("SELECT max(ingested_at) FROM events").fetchone()[0]
    window = (dt.datetime.fromisoformat(last_day) - dt.timedelta(hours=21)).isoformat()
    day_events = store.db.execute(
        "SELECT count(*) FROM events WHERE ingested_at > ?", (window,)
    ).fetchone()[0]

    def digest(since: str | None) -> Callable[[int], object]:
        def run(i: int) -> object:
            _set_ledger(store, since)
            return run_line("/digest", store, NOW, env)

        return run

    return [
        Scenario("/who rare (1 event)", calls, ask([f"/who {n}" for n in names["rare"]]), 20),
        Scenario("/who mid (50-300 events)", calls, ask([f"/who {n}" for n in names["mid"]])),
        *(Scenario(f"/who {n}", max(20, calls // 4), ask([f"/who {n}"]), 150) for n in FREQUENT),
        *(
            Scenario(
                f"/who {n} (counted)",
                max(20, calls // 4),
                counted(ask([f"/who {n}"])),
                baseline_of=f"/who {n}",
            )
            for n in FREQUENT
        ),
        Scenario(f"co_actors({top}, 25)", calls, ranking(top)),
        Scenario(
            f"co_actors({top}, 25) (counted)",
            max(20, calls // 4),
            counted(ranking(top)),
            baseline_of=f"co_actors({top}, 25)",
        ),
        Scenario("/since 7 days ago (page 1)", calls, ask(["/since 7 days ago"]), 20),
        Scenario("/since 2022-01-01 (page 1)", calls, ask(["/since 2022-01-01"]), 20),
        Scenario(
            "complete(prefix, 25)",
            calls,
            lambda i: store.complete(prefixes[i % len(prefixes)], 25),
            10,
            "prefixes: " + " ".join(prefixes),
        ),
        Scenario(
            "/digest (one day)",
            max(5, calls // 10),
            digest(window),
            1000,
            f"{day_events:,} events ingested since the last digest",
        ),
        Scenario(
            "/digest (one day) (counted)",
            max(5, calls // 10),
            counted(digest(window)),
            baseline_of="/digest (one day)",
        ),
        Scenario(
            "/digest (worst: never sent)",
            max(5, calls // 20),
            digest(None),
            1000,
            "every event: the handler reads the newest 5,000",
        ),
        Scenario(
            "/who unknown (suggestions)",
            few,
            ask([f"/who {n}" for n in unknown]),
            None,
            "names() + rapidfuzz over every name",
        ),
    ]


def _most_frequent(store: Store) -> str:
    """The name of the entity with the most event links."""
    return store.db.execute(
        "SELECT e.name FROM entity_ranks r JOIN entities e ON e.id = r.entity_id"
        " ORDER BY r.events DESC LIMIT 1"
    ).fetchone()[0]


def _set_ledger(store: Store, since: str | None) -> None:
    """The console channel's last digest was claimed at `since` (none when None)."""
    current = store.last_digest_at("console")
    if current == since:
        return
    with store.db.atomic():
        store.db.conn.execute("DELETE FROM digests WHERE channel = 'console'")
        if since is not None:
            store.db.conn.execute(
                "INSERT INTO digests (channel, digest_date, claimed_at, posted_at, message_id)"
                " VALUES ('console', ?, ?, ?, 'bench')",
                (since[:10], since, since),
            )


def measure(scenario: Scenario) -> tuple[float, list[float]]:
    started = time.perf_counter()
    scenario.run(0)
    first = (time.perf_counter() - started) * 1000
    samples = []
    for i in range(scenario.calls):
        started = time.perf_counter()
        scenario.run(i)
        samples.append((time.perf_counter() - started) * 1000)
    return first, samples


def explain(store: Store, scenario: Scenario) -> str:
    statements: list[str] = []
    scenario.run(0)  # settle any ledger change first
    store.db.conn.set_trace_callback(statements.append)
    try:
        scenario.run(0)
    finally:
        store.db.conn.set_trace_callback(None)
    out = [f"== {scenario.name}"]
    seen: set[str] = set()
    for sql in statements:
        text = " ".join(sql.split())
        if not text.upper().startswith(("SELECT", "WITH")) or text in seen:
            continue
        seen.add(text)
        out.append(f"  {text[:300]}{'…' if len(text) > 300 else ''}")
        for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"):
            out.append(f"    {row[3]}")
    return "\n".join(out)


def _before_after(chosen: list[Scenario], rows: list[tuple]) -> list[tuple]:
    """For each scenario measured with its baseline: p50 and p95 of both and their ratios."""
    by_name = {row[0]: row for row in rows}
    out = []
    for scenario in chosen:
        before, after = by_name.get(scenario.name), by_name.get(scenario.baseline_of or "")
        if before is None or after is None:
            continue
        out.append(
            (
                after[0],
                before[3],
                after[3],
                f"{before[3] / after[3]:.1f}x",
                before[4],
                after[4],
                f"{before[4] / after[4]:.1f}x",
            )
        )
    return out


def server_store(path: Path, url: str) -> Store:
    """The scaled store copied into the PostgreSQL database at `url` (once: a database
    that already holds this copy is measured as it is)."""
    with contextlib.closing(Store(path)) as source:
        target = Store(url)
        if target.get_state("bench_built_from") != path.name:
            print(f"copying {path.name} into {url} (once) ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            target.copy_from(source)
            target.set_state("bench_built_from", path.name)
            target.db.execute("ANALYZE")
            took = time.perf_counter() - started
            print(f"  copied in {took:.0f} s", file=sys.stderr, flush=True)
    return target


def describe(store: Store, path: Path, url: str | None) -> str:
    counts = store.counts()
    links = store.db.execute("SELECT count(*) FROM event_entities").fetchone()[0]
    aliases = store.db.execute("SELECT count(*) FROM aliases").fetchone()[0]
    if url:
        size = store.db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        where = f"PostgreSQL {url.rsplit('@', 1)[-1]}"
    else:
        size, where = path.stat().st_size, f"SQLite {path}"
    return (
        f"store {where} ({size / 2**20:,.0f} MB): {counts['events']:,} events,"
        f" {counts['documents']:,} documents, {counts['entities']:,} entities,"
        f" {aliases:,} aliases, {links:,} event-entity links; {cpu_note()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200, help="calls per fast scenario")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    parser.add_argument("--only", default="", help="run scenarios whose name contains this")
    parser.add_argument(
        "--db", default=None, help="measure on PostgreSQL: an empty database's URL (copied once)"
    )
    parser.add_argument(
        "--throwaway-postgres",
        action="store_true",
        help="start a PostgreSQL server for this run (tests/postgres_server.py) and measure there",
    )
    args = parser.parse_args(argv)
    if args.throwaway_postgres:
        from tests.postgres_server import PostgresServer, missing

        if missing():
            parser.error(f"cannot start PostgreSQL here: {missing()}")
        server = PostgresServer().start()
        try:
            args.db = server.create_database("bench")
            return measure_store(args)
        finally:
            server.stop()
    return measure_store(args)


def measure_store(args: argparse.Namespace) -> int:
    """Build (or reuse) the scaled store, then measure every chosen scenario on it."""
    path = scaled_store(args.events, args.rebuild)
    opened = server_store(path, args.db) if args.db else Store(path)
    with contextlib.closing(opened) as store:
        counts = store.counts()
        print(describe(store, path, args.db))
        chosen = [s for s in scenarios(store, args.calls) if args.only in s.name]
        rows = []
        notes = []
        for scenario in chosen:
            first, samples = measure(scenario)
            if args.explain and not args.db:  # after measuring: "first" is a first call
                print(explain(store, scenario))
            p50, p95 = median(samples), percentile(samples, 95)
            verdict = ""
            if scenario.target_ms is not None:
                verdict = "ok" if p95 <= scenario.target_ms else "MISSED"
            rows.append(
                (
                    scenario.name,
                    len(samples),
                    first,
                    p50,
                    p95,
                    max(samples),
                    "" if scenario.target_ms is None else f"p95 <= {scenario.target_ms:g}",
                    verdict,
                )
            )
            if scenario.note:
                notes.append(f"  {scenario.name}: {scenario.note}")
        print()
        print(
            table(
                ("scenario", "calls", "first ms", "p50 ms", "p95 ms", "max ms", "target", ""),
                rows,
                title=f"Query latency, {counts['events']:,} events, Env(page_size=5)",
            )
        )
        if notes:
            print("\n".join(notes))
        compared = _before_after(chosen, rows)
        if compared:
            print()
            print(
                table(
                    ("scenario", "p50 before", "p50 after", "before/after",
                     "p95 before", "p95 after", "before/after"),
                    compared,
                    title="Counted over the entity's events (before) and read from the tallies,"
                    " entity_pairs and entity_days (after), ms",
                )
            )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
