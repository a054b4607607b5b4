"""benchmarks/feeds.py: fetch cycles over many local feeds, and new items to queryable.

A local aiohttp server (loopback, 100 host addresses 127.0.0.1-100, one port) serves
N RSS feeds with ETags. The fetcher (bot.feeds.cycle) subscribes to all of them, then:
  1. the first cycle: every feed new, its items the backlog (written as seed files);
  2. an unchanged cycle: every feed asked again, each must cost one conditional request
     answered 304;
  3. a cycle where a share of the feeds (--changed, 5%) has one new item, then the
     incremental reload that makes them queryable: new items per second, fetch to store.
The baseline, in the same run, is the same N URLs fetched by a bare aiohttp loop with the
same concurrency (no parsing, writing or store): the ratio is the fetcher's own cost.
Item texts are paragraphs of the July-December current-events pages (the report half)
when ../shared is there, else word salad from the bundled seed.

    python -m benchmarks.feeds [--feeds 1000] [--changed 0.05] [--items 2]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import tempfile
import threading
import time
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.common import cpu_note, maxrss_mb, quiet_logs, table
from benchmarks.corpora import CURRENT_EVENTS, FALLBACK, MODEL, SEEDS

HOSTS = 100


def texts(count: int, seed: int = 7) -> list[str]:
    """`count` distinct news paragraphs."""
    found: list[str] = []
    if CURRENT_EVENTS.is_dir():
        for path in sorted(CURRENT_EVENTS.glob("2025-0[7-9]-*.txt")) + sorted(
            CURRENT_EVENTS.glob("2025-1[0-2]-*.txt")
        ):
            for block in path.read_text("utf-8").split("\n\n"):
                block = " ".join(block.split())
                if len(block) > 120 and not block.startswith(("date ", "title ")):
                    found.append(block)
    found = list(dict.fromkeys(found))
    rng = random.Random(seed)
    if len(found) < count:  # no corpus: shuffled words of the bundled seed
        words = " ".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt")).split()
        while len(found) < count:
            found.append(" ".join(rng.sample(words, 40)) + ".")
    rng.shuffle(found)
    return found[:count]


class FeedServer:
    """N feeds on one port; feed n's items are texts[n * items ...], plus any added."""

    def __init__(self, feeds: int, items: int, pool: list[str]) -> None:
        self.items: dict[int, list[tuple[str, str]]] = {
            n: [(f"{n}-{i}", pool[n * items + i]) for i in range(items)] for n in range(feeds)
        }
        self.version = dict.fromkeys(range(feeds), 0)
        self.statuses: dict[int, int] = {}
        self.port = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def add_item(self, n: int, text: str) -> None:
        self.items[n].append((f"{n}-{len(self.items[n])}", text))
        self.version[n] += 1

    def _rss(self, n: int) -> bytes:
        when = format_datetime(dt.datetime(2025, 7, 1, 12, tzinfo=dt.UTC))
        entries = "".join(
            f"<item><guid>{guid}</guid><link>https://feed{n}.example/{guid}</link>"
            f"<title>Item {guid}</title><description>{escape(text)}</description>"
            f"<pubDate>{when}</pubDate></item>"
            for guid, text in self.items[n]
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {n}</title>'
            f"{entries}</channel></rss>"
        ).encode()

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait()

    def _run(self) -> None:
        from aiohttp import web

        async def feed(request: web.Request) -> web.Response:
            n = int(request.match_info["n"])
            etag = f'"{n}-{self.version[n]}"'
            if request.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            else:
                status, body = 200, self._rss(n)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            return web.Response(status=status, body=body or None, headers={"ETag": etag})

        async def main() -> None:
            app = web.Application()
            app.router.add_get("/feed/{n}.xml", feed)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "0.0.0.0", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._ready.set()
            await asyncio.Event().wait()

        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(main())

    def url(self, n: int) -> str:
        return f"http://127.0.0.{1 + n % HOSTS}:{self.port}/feed/{n}.xml"

    def counted(self) -> dict[int, int]:
        counts, self.statuses = self.statuses, {}
        return counts


async def raw_fetch(urls: list[str], concurrency: int, per_host: int) -> float:
    """The baseline: GET every URL with a bare aiohttp session, bodies read."""
    import aiohttp

    started = time.perf_counter()
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(url: str) -> None:
            async with session.get(url) as answer:
                await answer.read()

        await asyncio.gather(*(one(u) for u in urls))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--items", type=int, default=2, help="items per feed at the start")
    parser.add_argument("--no-reload", action="store_true", help="skip the reloads (spaCy)")
    args = parser.parse_args()

    from bot.extraction.engine import Engine
    from bot.feeds.cycle import FeedOptions, fetch_due
    from bot.feeds.http import Limits
    from bot.ingest import reload
    from bot.store import Store

    changed = max(1, round(args.feeds * args.changed))
    pool = texts(args.feeds * args.items + changed)
    server = FeedServer(args.feeds, args.items, pool)
    server.start()
    limits = Limits(allow_private=True)
    work = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    seeds = work / "seeds"
    seeds.mkdir()
    store = Store(work / "feeds.db")
    now = dt.datetime(2025, 7, 1, 13, tzinfo=dt.UTC)
    for n in range(args.feeds):
        store.feeds.add(f"Outlet {n}", server.url(n), 900, False, now)
    names = [f"Outlet {n}" for n in range(args.feeds)]
    options = FeedOptions(seeds, limits)

    async def run(work_: object) -> object:
        return work_(store)  # type: ignore[operator]

    rows = []
    baseline = asyncio.run(
        raw_fetch([server.url(n) for n in range(args.feeds)], limits.concurrency, limits.per_host)
    )
    server.counted()
    rows.append(
        [
            "baseline: bare aiohttp GET of every feed",
            args.feeds,
            args.feeds,
            "",
            "",
            "",
            baseline,
            1.0,
            "",
        ]
    )

    def cycle(label: str) -> tuple[float, object]:
        before = maxrss_mb()
        started = time.perf_counter()
        report = asyncio.run(fetch_due(run, options, lambda: now, names))
        seconds = time.perf_counter() - started
        peak = maxrss_mb() - before
        statuses = server.counted()
        held = [
            sum(getattr(r, kind) for r in report.results)
            for kind in ("wire_copies", "repeats", "other_language", "unreadable")
        ]
        rows.append(
            [
                label,
                len(report.results),
                report.requests,
                statuses.get(304, 0),
                report.new,
                " / ".join(map(str, held)),
                seconds,
                seconds / baseline,
                peak,
            ]
        )
        return seconds, report

    engine = None if args.no_reload else Engine(MODEL, FALLBACK)
    reloads = []
    with quiet_logs():
        cycle("1. first fetch: every feed new (backlog written)")
        if engine is not None:
            started = time.perf_counter()
            first = reload(store, seeds, engine, now)
            reloads.append(["reload of the backlog", first.added, time.perf_counter() - started])
        cycle("2. unchanged: one conditional request each")
        picked = random.Random(3).sample(range(args.feeds), changed)
        for i, n in enumerate(picked):
            server.add_item(n, pool[args.feeds * args.items + i])
        fetch_seconds, report = cycle(f"3. {args.changed:.0%} changed: one new item each")
        if engine is not None:
            started = time.perf_counter()
            later = reload(store, seeds, engine, now)
            seconds = time.perf_counter() - started
            reloads.append(["reload of the new items", later.added, seconds])
            total = fetch_seconds + seconds
            reloads.append(
                ["fetch to queryable (3 + its reload)", report.new, total]  # type: ignore[attr-defined]
            )
    print(cpu_note())
    print(
        table(
            [
                "cycle",
                "feeds",
                "requests",
                "304",
                "new items",
                "not new: wire / repeat / language / no text",
                "seconds",
                "× baseline",
                "peak RSS +MB",
            ],
            rows,
            title=f"Fetch cycles over {args.feeds} local feeds on {HOSTS} hosts"
            f" (FEEDS_PER_HOST {limits.per_host}, FEEDS_CONCURRENCY {limits.concurrency})",
        )
    )
    if reloads:
        print()
        print(
            table(
                ["step", "documents", "seconds", "items per second"],
                [[*r, r[1] / r[2] if r[2] else 0.0] for r in reloads],
                title="From fetch to queryable (incremental reload, one extraction process)",
            )
        )
    print(f"\npeak resident memory of the process: {maxrss_mb():.0f} MB")
    store.close()


if __name__ == "__main__":
    main()
