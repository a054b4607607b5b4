"""Feeds as publishers write them (RSS 2.0, Atom, JSON Feed), and `Fetcher`: a store with
one subscription on the local test server, fetched through the real cycle and client."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bot.feeds.cycle import CycleReport, FeedOptions, FeedResult, fetch_due
from bot.feeds.http import Limits
from bot.store import FeedRow, Store
from tests.conftest import NOW

NAME = "example"
TITLE = "Example News"
TIMEOUT = 1.0
MAX_BYTES = 1_000_000
RSS_TYPE = "application/rss+xml"

# An item's HTML as feeds carry it: two paragraphs, an entity, a script that must vanish.
HTML = (
    "<p>Ministers from France and Germany met in Geneva on Monday &amp; agreed on a plan.</p>"
    '<script>document.write("pwned")</script>'
    "<p>The talks will resume next week in Paris, officials said.</p>"
)
TEXT = (
    "Ministers from France and Germany met in Geneva on Monday & agreed on a plan."
    "\n\nThe talks will resume next week in Paris, officials said."
)


@dataclass(frozen=True)
class Item:
    """One item; `date` is ISO 8601 (each format writes it its own way), None for none."""

    guid: str | None = "item-1"
    title: str | None = "Talks in Geneva"
    link: str | None = "https://news.example/geneva"
    date: str | None = "2025-02-17T08:30:00+01:00"
    html: str = HTML


# Distinct English reports (no two alike enough to be one wire story).
STORIES = (
    "The city council voted on Tuesday to rebuild the old harbour bridge, closed to traffic"
    " since a storm damaged its pillars three winters ago.",
    "A research team in Oslo reported that glaciers in western Norway lost more ice last"
    " summer than in any year since measurements began.",
    "The national railway will cut fares for students from March, its chief executive told"
    " reporters after a board meeting in the capital.",
    "Farmers in the south expect a smaller olive harvest this autumn because the spring rains"
    " came late and a heatwave followed in June.",
    "Two hospitals in the north will share one emergency department from next year, the"
    " regional health authority said in a statement.",
)


def story(n: int, **fields: Any) -> Item:
    """The n-th (1 to 5) of STORIES as an item."""
    values: dict[str, Any] = {
        "guid": f"story-{n}",
        "title": f"Report {n}",
        "link": f"https://news.example/{n}",
        "html": f"<p>{STORIES[n - 1]}</p>",
    }
    return Item(**(values | fields))


def rss(*items: Item, title: str = TITLE, encoding: str = "utf-8") -> str:
    entries = []
    for item in items:
        parts = [f"<title>{escape(item.title)}</title>" if item.title else ""]
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.date:
            stamp = email.utils.format_datetime(dt.datetime.fromisoformat(item.date))
            parts.append(f"<pubDate>{stamp}</pubDate>")
        parts.append(f"<description>{escape(item.html)}</description>")
        entries.append(f"<item>{''.join(parts)}</item>")
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example/</link>"
        f"<description>News</description>{''.join(entries)}</channel></rss>\n"
    )


def atom(*items: Item, title: str = TITLE) -> str:
    entries = []
    for item in items:
        parts = [f"<title>{escape(item.title)}</title>" if item.title else ""]
        if item.guid:
            parts.append(f"<id>{escape(item.guid)}</id>")
        if item.link:
            parts.append(f'<link rel="alternate" href="{escape(item.link)}"/>')
        if item.date:
            parts.append(f"<published>{item.date}</published>")
        parts.append(f'<content type="html">{escape(item.html)}</content>')
        entries.append(f"<entry>{''.join(parts)}</entry>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:example:feed</id>"
        f"<updated>2025-02-17T08:30:00Z</updated>{''.join(entries)}</feed>\n"
    )


def json_feed(*items: Item, title: str = TITLE) -> str:
    entries = []
    for item in items:
        entry = {"id": item.guid, "url": item.link, "title": item.title}
        entry |= {"date_published": item.date, "content_html": item.html}
        entries.append({k: v for k, v in entry.items() if v is not None})
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": entries}
    return json.dumps(feed)


FORMATS: dict[str, tuple[Callable[..., str], str]] = {
    "rss": (rss, RSS_TYPE),
    "atom": (atom, "application/atom+xml"),
    "json": (json_feed, "application/feed+json"),
}


class Clock:
    """The cycle's clock, moved by the test."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@dataclass
class Fetcher:
    """One subscription (NAME) to the test server's /feed, fetched by `fetch_due` with
    limits that reach this server (and no other loopback address)."""

    store: Store
    server: HTTPServer
    seeds: Path
    clock: Clock = field(default_factory=Clock)
    gone_after: dt.timedelta = dt.timedelta(days=3)

    @property
    def limits(self) -> Limits:
        host = frozenset({f"127.0.0.1:{self.server.port}"})
        return Limits(timeout=TIMEOUT, max_bytes=MAX_BYTES, allowed_hosts=host)

    def url(self, path: str = "/feed") -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"

    def subscribe(self, every: int = 3600, name: str = NAME, path: str = "/feed") -> FeedRow:
        return self.store.feeds.add(name, self.url(path), every, False, self.clock())

    def serve(
        self,
        body: str | bytes = "",
        *,
        path: str = "/feed",
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = RSS_TYPE,
        handler: Callable[[Request], Response] | None = None,
        keep: bool = False,
    ) -> None:
        """Answer `path` so from now on (every other path forgotten unless `keep`)."""
        if not keep:
            self.server.clear_all_handlers()
        expected = self.server.expect_request(path)
        if handler is not None:
            expected.respond_with_handler(handler)
        else:
            expected.respond_with_data(body, status, headers, content_type=content_type)

    async def fetch(self, names: tuple[str, ...] = (NAME,)) -> CycleReport:
        """One cycle: the named feeds now (or, with no names, those due)."""

        async def run(work: Callable[[Store], Any]) -> Any:
            return work(self.store)

        options = FeedOptions(self.seeds, self.limits, self.gone_after)
        return await fetch_due(run, options, self.clock, names)

    async def fetch_one(self, names: tuple[str, ...] = (NAME,)) -> FeedResult:
        report = await self.fetch(names)
        assert len(report.results) == 1, report.results
        return report.results[0]

    def feed(self, name: str = NAME) -> FeedRow:
        row = self.store.feeds.get(name)
        assert row is not None
        return row

    def known(self, name: str = NAME) -> dict[str, tuple[str, str]]:
        """The feed's items as the store knows them: key → (text hash, seed file)."""
        return self.store.feeds.items_of(self.feed(name).id)

    def files(self) -> dict[str, str]:
        """Every item file written, by its path in the seeds folder: its text."""
        folder = self.seeds / "feeds"
        if not folder.exists():
            return {}
        return {
            p.relative_to(self.seeds).as_posix(): p.read_text("utf-8")
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    def lines(self) -> list[dict[str, Any]]:
        """Every item written, as its seed line says it."""
        out = []
        for text in self.files().values():
            (line,) = text.splitlines()
            out.append(json.loads(line))
        return out

    def requests(self, path: str = "/feed") -> list[Request]:
        return [request for request, _ in self.server.log if request.path == path]
