"""Chat query latency on a store of a million events, through the command handlers.

    python benchmarks/query.py [--events N] [--calls N] [--explain] [--rebuild]

The store is the current-events corpus, reloaded once, then copied with SQL until it
holds ``--events`` events (default 1,000,000): each copy shifts every date back by 0-3
years (so each day of 2022-2025 holds as many documents as the others), renames every
entity and alias ("Tartus" -> "Tartus c17") and keeps the real shape of each event (its
actors, places and roles). In every other copy "United States", "Israel" and "Russia"
keep their names, so they become very frequent, as they would in a real news store. A
document is ingested the day after its publication, so a day's digest covers one day of
every copy whose window holds that day. The built store is cached under
``$BRIEFING_BENCH_CACHE`` (default /tmp/briefing-bench) keyed by this builder's version,
the corpus and the store's migrations: a rerun only measures.

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
import hashlib
import math
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    CACHE,
    corpus_store,
    cpu_note,
    median,
    percentile,
    remove_db,
    schema_digest,
    table,
)
from benchmarks.corpora import CURRENT_EVENTS, NOW
from bot.store import Store
from commands import Env, run_line

# Bump when the scaled store's construction changes.
BUILDER_VERSION = "1"
FREQUENT = ("United States", "Israel", "Russia")
YEAR_SHIFTS = 4  # copies spread over this many years back from the corpus year
KEEP_EVERY = 2  # every 2nd copy keeps FREQUENT's names


# --- the scaled store --------------------------------------------------------------------


def _stride(max_id: int) -> int:
    return 10 ** len(str(max_id))


def scaled_store(events: int, rebuild: bool = False) -> Path:
    base = corpus_store()
    key = hashlib.sha256(
        f"{BUILDER_VERSION}|{events}|{base.name}|{schema_digest()}".encode()
    ).hexdigest()[:16]
    path = CACHE / f"scaled-{events}-{key}.db"
    if path.exists() and not rebuild:
        return path
    partial = CACHE / f"scaled-{key}.partial.db"
    remove_db(partial)
    remove_db(path)
    shutil.copyfile(base, partial)
    started = time.perf_counter()
    print(f"building a {events:,}-event store in {path} (once) ...", file=sys.stderr, flush=True)
    with Store(partial) as store:
        _scale(store, events)
        store.rebuild_name_index()  # the copies are written in SQL, past the store's writes
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    remove_db(partial)
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def _scale(store: Store, target: int) -> None:
    conn = store.db.conn
    n_events, max_doc, max_event, max_entity = conn.execute(
        "SELECT count(*), (SELECT max(id) FROM documents), max(id),"
        " (SELECT max(id) FROM entities) FROM events"
    ).fetchone()
    copies = math.ceil(target / n_events)
    doc_s, ev_s, ent_s = _stride(max_doc), _stride(max_event), _stride(max_entity)
    marks = ",".join("?" * len(FREQUENT))
    with store.db.atomic():
        conn.execute(
            "CREATE TEMP TABLE copies (i INTEGER PRIMARY KEY, shift TEXT NOT NULL,"
            " keep INTEGER NOT NULL)"
        )
        conn.executemany(
            "INSERT INTO copies VALUES (?, ?, ?)",
            [
                (i, f"-{(i % YEAR_SHIFTS) * 365} days", int(i % KEEP_EVERY == 0))
                for i in range(1, copies)
            ],
        )
        conn.execute(
            f"CREATE TEMP TABLE kept AS SELECT id FROM entities WHERE name IN ({marks})",
            FREQUENT,
        )
        # The original is ingested the day after publication, like every copy.
        conn.execute(
            "UPDATE documents SET ingested_at ="
            " strftime('%Y-%m-%dT06:00:00+00:00', published, '+1 day')"
        )
        conn.execute(
            "UPDATE events SET ingested_at ="
            " (SELECT d.ingested_at FROM documents d WHERE d.id = events.document_id)"
        )
        conn.execute(
            "INSERT INTO documents (id, file, sha256, title, source, url, published, words,"
            " ingested_at)"
            f" SELECT d.id + c.i * {doc_s}, printf('copy%03d/', c.i) || d.file, d.sha256,"
            " d.title, d.source, d.url, date(d.published, c.shift), d.words,"
            " strftime('%Y-%m-%dT06:00:00+00:00', d.published, c.shift, '+1 day')"
            f" FROM documents d, copies c WHERE d.id <= {max_doc}"
        )
        conn.execute(
            "INSERT INTO entities (id, name, kind)"
            f" SELECT e.id + c.i * {ent_s}, e.name || ' c' || c.i, e.kind"
            f" FROM entities e, copies c WHERE e.id <= {max_entity}"
            " AND NOT (c.keep AND e.id IN (SELECT id FROM kept))"
        )
        conn.execute(
            "INSERT INTO aliases (alias, entity_id)"
            f" SELECT a.alias || ' c' || c.i, a.entity_id + c.i * {ent_s}"
            f" FROM aliases a, copies c WHERE a.entity_id <= {max_entity}"
            " AND NOT (c.keep AND a.entity_id IN (SELECT id FROM kept))"
        )
        conn.execute(
            "INSERT INTO events (id, document_id, paragraph, sentence, action, attribution,"
            " when_start, when_end, granularity, when_text, ingested_at)"
            f" SELECT ev.id + c.i * {ev_s}, ev.document_id + c.i * {doc_s}, ev.paragraph,"
            " ev.sentence, ev.action, ev.attribution, date(ev.when_start, c.shift),"
            " date(ev.when_end, c.shift), ev.granularity, ev.when_text,"
            " strftime('%Y-%m-%dT06:00:00+00:00', d.published, c.shift, '+1 day')"
            " FROM events ev JOIN documents d ON d.id = ev.document_id, copies c"
            f" WHERE ev.id <= {max_event}"
        )
        conn.execute(
            "INSERT INTO event_entities (event_id, entity_id, role, position)"
            f" SELECT ee.event_id + c.i * {ev_s},"
            f" CASE WHEN c.keep AND ee.entity_id IN (SELECT id FROM kept) THEN ee.entity_id"
            f" ELSE ee.entity_id + c.i * {ent_s} END, ee.role, ee.position"
            f" FROM event_entities ee, copies c WHERE ee.event_id <= {max_event}"
        )
        conn.execute("DROP TABLE temp.copies")
        conn.execute("DROP TABLE temp.kept")
        conn.executemany(
            "INSERT INTO state (key, value) VALUES (?, ?)",
            [("bench_scaled_copies", str(copies)), ("bench_entity_stride", str(ent_s))],
        )


# --- scenarios ---------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    calls: int
    run: Callable[[int], object]
    target_ms: float | None = None
    note: str = ""


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200, help="calls per fast scenario")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    parser.add_argument("--only", default="", help="run scenarios whose name contains this")
    args = parser.parse_args(argv)

    path = scaled_store(args.events, args.rebuild)
    with contextlib.closing(Store(path)) as store:
        counts = store.counts()
        links = store.db.execute("SELECT count(*) FROM event_entities").fetchone()[0]
        aliases = store.db.execute("SELECT count(*) FROM aliases").fetchone()[0]
        print(
            f"store {path} ({path.stat().st_size / 2**20:,.0f} MB): {counts['events']:,} events,"
            f" {counts['documents']:,} documents, {counts['entities']:,} entities,"
            f" {aliases:,} aliases, {links:,} event-entity links; {cpu_note()}"
        )
        chosen = [s for s in scenarios(store, args.calls) if args.only in s.name]
        rows = []
        notes = []
        for scenario in chosen:
            first, samples = measure(scenario)
            if args.explain:  # after measuring, so that "first" is a first call
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
