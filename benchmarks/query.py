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
their ratios, as does the ranking alone (`store.aggregates.co_actors(id, 25)`).

Every command runs through ``commands.run_line`` with ``Env(page_size=5)``, as the chat
fronts call it; autocomplete calls ``store.entities.complete(prefix, 25)`` as the Discord front
does (its answers kept until the store changes, so most calls are a cache's), and, as
"first calls", the store's query itself at every call (a prefix's first call after a
write), read from autocomplete's table and, as "walked ranks", as before the table (the
entities walked from the most linked down until enough have a matching word). Each
scenario is warmed once (that first call is shown), then timed over many
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import cpu_note, median, percentile, table
from benchmarks.corpora import CURRENT_EVENTS, NOW
from benchmarks.scaled import FREQUENT, scaled_store
from bot.extraction.names.surface import normalise
from bot.store import Store, aggregates, entities
from bot.store.engines import engine_of, is_postgresql
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
    part = aggregates.Aggregates
    from_pairs, from_days = part.co_actors, part.activity
    part.co_actors = lambda self, *args, **kwargs: aggregates.co_actors_counted(  # type: ignore[method-assign]
        self.db, *args, **kwargs
    )
    part.activity = lambda self, *args, **kwargs: aggregates.entity_activity_counted(  # type: ignore[method-assign]
        self.db, *args, **kwargs
    )
    try:
        yield
    finally:
        part.co_actors, part.activity = from_pairs, from_days  # type: ignore[method-assign]


def complete_walked(db: Any, prefix: str, limit: int) -> list[str]:
    """Autocomplete's query before its table (for the before/after only): a prefix of many
    matches walked the entities from the most linked down, testing each one's keys."""
    key = normalise(prefix)
    bounds = (key, key + entities._TOP)
    rules = entities._COMPLETED_RULES
    found = db.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM name_keys WHERE rule IN {rules}"
        " AND key >= ? AND key < ? LIMIT ?) AS found",
        (*bounds, entities.FEW_PREFIX_MATCHES + 1),
    ).fetchone()[0]
    if found <= entities.FEW_PREFIX_MATCHES:
        sql = engine_of(db).completion_sql(rules, False)
    else:
        sql = (
            "SELECT e.name FROM entity_ranks r JOIN entities e ON e.id = r.entity_id"
            " WHERE EXISTS (SELECT 1 FROM name_keys nk WHERE nk.entity_id = r.entity_id"
            f" AND nk.rule IN {rules} AND nk.key >= ? AND nk.key < ?"
            f"{' OFFSET 0' if is_postgresql(db) else ''})"
            " ORDER BY r.events DESC, r.entity_id DESC LIMIT ?"
        )
    return [r[0] for r in db.execute(sql, (*bounds, limit))]


def counted(run: Callable[[int], object]) -> Callable[[int], object]:
    def run_counted(i: int) -> object:
        with counted_over_events():
            return run(i)

    return run_counted


def _pick(store: Store, seed: int = 7) -> dict[str, list[str]]:
    """Names to ask for: rare (one event) and mid-frequency entities of random copies."""
    rng = random.Random(seed)
    copies = int(store.state.get("bench_scaled_copies") or 1)
    stride = int(store.state.get("bench_entity_stride") or 10**12)

    def named(count: str, *params: object) -> list[str]:
        return [
            r[0]
            for r in store.db.execute(
                "SELECT e.name FROM entities e JOIN entity_ranks r ON r.entity_id = e.id"
                f" WHERE e.id < ? AND {count} ORDER BY e.id",
                (stride, *params),
            )
        ]

    rare = named("r.events = 1")
    mid = named(
        f"r.events BETWEEN 50 AND 300 AND e.name NOT IN ({','.join('?' * len(FREQUENT))})",
        *FREQUENT,
    )

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
        entity = store.entities.lookup(name)
        return lambda i: store.aggregates.co_actors(entity.id, 25)

    top = _most_frequent(store)

    prefixes = ["u", "is", "ru", "al", "ne", "sa", "b", "ch", "ma", "don", "ga", "k"]
    # Past autocomplete's table (three characters), read by their keys or walked down the
    # table's list of their first three.
    longer = ["unit", "isra", "russ", "ukra", "vlad", "dona", "zele", "pale", "ahme", "moha",
              "netan", "kyiv"]  # fmt: skip
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
        Scenario("/who rare (1 event)", calls, ask([f"/who {n}" for n in names["rare"]]), 5),
        Scenario("/who mid (50-300 events)", calls, ask([f"/who {n}" for n in names["mid"]])),
        *(Scenario(f"/who {n}", max(20, calls // 4), ask([f"/who {n}"]), 50) for n in FREQUENT),
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
            lambda i: store.entities.complete(prefixes[i % len(prefixes)], 25),
            10,
            "prefixes: " + " ".join(prefixes),
        ),
        *(
            scenario
            for name, chosen in (("prefix", prefixes), ("longer prefix", longer))
            for scenario in (
                Scenario(
                    f"complete({name}, 25) first calls",
                    calls,
                    lambda i, chosen=chosen: store.entities.complete(
                        chosen[i % len(chosen)], 25, cached=False
                    ),
                    10,
                    "every call the store's query (no cache); prefixes: " + " ".join(chosen),
                ),
                Scenario(
                    f"complete({name}, 25) first calls (walked ranks)",
                    max(20, calls // 4),
                    lambda i, chosen=chosen: complete_walked(store.db, chosen[i % len(chosen)], 25),
                    baseline_of=f"complete({name}, 25) first calls",
                ),
            )
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
            "every event: the handler reads the newest (digest.json window.max_events)",
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
        " ORDER BY r.events DESC, r.entity_id LIMIT 1"
    ).fetchone()[0]


def _set_ledger(store: Store, since: str | None) -> None:
    """The console channel's last digest was claimed at `since` (none when None)."""
    current = store.digests.last_at("console")
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
    """The plan of every SELECT the scenario runs: SQLite's EXPLAIN QUERY PLAN (statements
    captured with a trace callback), PostgreSQL's EXPLAIN ANALYZE (statements and their
    parameters captured on the store's connection)."""
    scenario.run(0)  # settle any ledger change first
    if is_postgresql(store.db):
        return _explain_postgresql(store, scenario)
    statements: list[str] = []
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


def _explain_postgresql(store: Store, scenario: Scenario) -> str:
    db = store.db
    statements: list[tuple[str, object]] = []

    def recorded(sql: str, params: object = ()) -> object:
        statements.append((sql, params))
        return type(db).execute(db, sql, params)

    db.execute = recorded  # this store's connection only, for one call
    try:
        scenario.run(0)
    finally:
        del db.execute
    out = [f"== {scenario.name}"]
    seen: set[str] = set()
    for sql, params in statements:
        text = " ".join(sql.split())
        if not text.upper().startswith(("SELECT", "WITH")) or text in seen:
            continue
        seen.add(text)
        out.append(f"  {text[:300]}{'…' if len(text) > 300 else ''}")
        for row in db.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params):
            out.append(f"    {row[0]}")
    return "\n".join(out)


def _before_after(chosen: list[Scenario], measured: Measured) -> list[tuple]:
    """For each scenario measured with its baseline: p50 and p95 of both and their ratios."""
    out = []
    for scenario in chosen:
        before, after = measured.get(scenario.name), measured.get(scenario.baseline_of or "")
        if before is None or after is None:
            continue
        out.append(
            (
                scenario.baseline_of,
                before[2],
                after[2],
                f"{before[2] / after[2]:.1f}x",
                before[3],
                after[3],
                f"{before[3] / after[3]:.1f}x",
            )
        )
    return out


Measured = dict[str, tuple[int, float, float, float, float]]  # name: calls, first, p50, p95, max


def server_store(path: Path, url: str) -> Store:
    """The scaled store copied into the PostgreSQL database at `url` (once: a database
    that already holds this copy is measured as it is)."""
    with contextlib.closing(Store(path)) as source:
        target = Store(url)
        if target.state.get("bench_built_from") != path.name:
            print(f"copying {path.name} into {url} (once) ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            copied = target.copy_from(source)  # analyses the tables it loads
            target.state.set("bench_built_from", path.name)
            took = time.perf_counter() - started
            print(
                f"  copied in {took:.0f} s ({copied['events'] / took:,.0f} events/s with"
                f" their rows; {cpu_note()})",
                file=sys.stderr,
                flush=True,
            )
    return target


def describe(store: Store, path: Path) -> str:
    counts = store.aggregates.counts()
    links = store.db.execute("SELECT count(*) FROM event_entities").fetchone()[0]
    aliases = store.db.execute("SELECT count(*) FROM aliases").fetchone()[0]
    if is_postgresql(store.db):
        size = store.db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        where = f"PostgreSQL {store.db.url.rsplit('@', 1)[-1]}"
    else:
        size, where = path.stat().st_size, f"SQLite {path}"
    return (
        f"store {where} ({size / 2**20:,.0f} MB): {counts['events']:,} events,"
        f" {counts['documents']:,} documents, {counts['entities']:,} entities,"
        f" {aliases:,} aliases, {links:,} event-entity links; {cpu_note()}"
    )


ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200, help="calls per fast scenario")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    parser.add_argument("--only", default="", help="run scenarios whose name contains this")
    parser.add_argument(
        "--engines",
        default=None,
        help="comma-separated, of sqlite and postgresql (default: postgresql with --db or"
        " --throwaway-postgres, else sqlite); both: every scenario on each, one table",
    )
    parser.add_argument(
        "--db", default=None, help="measure on PostgreSQL: an empty database's URL (copied once)"
    )
    parser.add_argument(
        "--throwaway-postgres",
        action="store_true",
        help="start a PostgreSQL server for this run (tests/postgres_server.py) and measure there",
    )
    args = parser.parse_args(argv)
    server_given = bool(args.db or args.throwaway_postgres)
    chosen = (args.engines or ("postgresql" if server_given else "sqlite")).split(",")
    if not chosen or any(e not in ENGINES for e in chosen) or len(set(chosen)) < len(chosen):
        parser.error(f"--engines takes one or both of {', '.join(ENGINES)}, comma-separated")
    args.engines = [e for e in ENGINES if e in chosen]
    if "postgresql" in args.engines and not server_given:
        parser.error("postgresql needs --db URL or --throwaway-postgres")
    if args.throwaway_postgres:
        from tests.postgres_server import PostgresServer, missing

        if missing():
            parser.error(f"cannot start PostgreSQL here: {missing()}")
        server = PostgresServer().start()
        try:
            args.db = server.create_database("bench")
            return measure_stores(args)
        finally:
            server.stop()
    return measure_stores(args)


def measure_stores(args: argparse.Namespace) -> int:
    """Build (or reuse) the scaled store, copy it to PostgreSQL if asked, then measure
    every chosen scenario on each engine, alternating engines scenario by scenario."""
    path = scaled_store(args.events, args.rebuild)
    with contextlib.ExitStack() as stack:
        stores = {}
        for engine in args.engines:
            opened = server_store(path, args.db) if engine == "postgresql" else Store(path)
            stores[engine] = stack.enter_context(contextlib.closing(opened))
            print(describe(stores[engine], path))
        plans = {e: scenarios(s, args.calls) for e, s in stores.items()}
        chosen = [s for s in plans[args.engines[0]] if args.only in s.name]
        results: dict[str, Measured] = {e: {} for e in stores}
        for scenario in chosen:
            for engine, store in stores.items():
                same = next(s for s in plans[engine] if s.name == scenario.name)
                first, samples = measure(same)
                print(f"  {engine}: {same.name}", file=sys.stderr, flush=True)
                if args.explain:  # after measuring: "first" is a first call
                    print(explain(store, same))
                results[engine][same.name] = (
                    len(samples),
                    first,
                    median(samples),
                    percentile(samples, 95),
                    max(samples),
                )
        events = stores[args.engines[0]].aggregates.counts()["events"]
        print()
        if len(stores) == 1:
            print(one_engine_table(chosen, results[args.engines[0]], events))
        else:
            print(engines_table(chosen, results, events))
        notes = [f"  {s.name}: {s.note}" for s in chosen if s.note]
        if notes:
            print("\n".join(notes))
        for engine, measured in results.items():
            compared = _before_after(chosen, measured)
            if compared:
                print()
                print(
                    table(
                        ("scenario", "p50 before", "p50 after", "before/after",
                         "p95 before", "p95 after", "before/after"),
                        compared,
                        title=f"{ENGINES[engine]}: before, counted over the entity's events"
                        " (autocomplete: walked down the ranks); after, read from the tallies,"
                        " entity_pairs and entity_days (autocomplete: its table), ms",
                    )
                )  # fmt: skip
        print(f"\n{cpu_note().replace('at start', 'at the end')}")
    return 0


def _verdict(scenario: Scenario, p95: float) -> str:
    if scenario.target_ms is None:
        return ""
    return "ok" if p95 <= scenario.target_ms else "MISSED"


def _target(scenario: Scenario) -> str:
    return "" if scenario.target_ms is None else f"p95 <= {scenario.target_ms:g}"


def one_engine_table(chosen: list[Scenario], measured: Measured, events: int) -> str:
    rows = [
        (s.name, *measured[s.name], _target(s), _verdict(s, measured[s.name][3])) for s in chosen
    ]
    return table(
        ("scenario", "calls", "first ms", "p50 ms", "p95 ms", "max ms", "target", ""),
        rows,
        title=f"Query latency, {events:,} events, Env(page_size=5)",
    )


def engines_table(chosen: list[Scenario], results: dict[str, Measured], events: int) -> str:
    """One row per scenario: p50/p95 and verdict on each engine, and PostgreSQL/SQLite."""
    rows = []
    for s in chosen:
        lite, pg = results["sqlite"][s.name], results["postgresql"][s.name]
        rows.append(
            (
                s.name,
                lite[0],
                _target(s),
                lite[2],
                lite[3],
                _verdict(s, lite[3]),
                pg[2],
                pg[3],
                _verdict(s, pg[3]),
                f"{pg[2] / lite[2]:.2f}x",
                f"{pg[3] / lite[3]:.2f}x",
            )
        )
    return table(
        ("scenario", "calls", "target ms", "SQLite p50", "p95", "", "PostgreSQL p50", "p95",
         "", "PG/SQLite p50", "p95"),
        rows,
        title=f"Query latency (ms), {events:,} events, Env(page_size=5), both engines in one"
        " run, alternating scenario by scenario",
    )  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
