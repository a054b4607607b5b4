"""One fetch cycle: every feed that is due, fetched at once (within the client's limits),
its new items written as seed files, its outcome recorded.

An item is new when neither its key (GUID, else link) nor its text was seen from this
feed; a known key with other text is an edit, whose seed file is rewritten (the reload
then updates its document); the same text under a new key is a repeat, not written. An
item in another language than English is counted, not written (the extraction model is
English). The items of a subscription's first fetch are its backlog: they enter the
store and the digests but alert nobody.

Files first, record second: an item is written to its file before the store records it,
and its file's name follows from its key, so a crash between the two writes the same
file again at the next fetch, never a second copy. The caller reloads when a cycle
brought anything (`CycleReport.changed`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import random
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import metrics
from bot.feeds.http import PAGE_ACCEPT, Client, FetchFailed, Limits, Response
from bot.feeds.language import language_of
from bot.feeds.parse import FeedItem, NotAFeed, ParsedFeed, parse
from bot.seeds import FEEDS_FOLDER
from bot.store import FeedRow, FeedUpdate, ItemRow, Store

if TYPE_CHECKING:  # the wire index (datasketch, numpy) loads at the first fetch, not at start
    from bot.feeds.wire import WireIndex

log = logging.getLogger(__name__)

RunInStore = Callable[[Callable[[Store], Any]], Awaitable[Any]]
# A failing feed is asked again at most this rarely (or at its own pace, if slower).
MAX_BACKOFF = 6 * 3600
# A feed's time this far ahead of the fetch is not believed: the item is dated by the fetch.
FUTURE_SLACK = dt.timedelta(hours=2)
_SLUG = re.compile(r"[^a-z0-9]+")
_ENGLISH = "en"


@dataclass(frozen=True)
class FeedOptions:
    """What a cycle needs besides the store: the seeds folder, the client's limits, how
    long a 404 lasts before the feed is paused."""

    seeds: Path
    limits: Limits = field(default_factory=Limits)
    gone_after: dt.timedelta = dt.timedelta(days=3)


@dataclass
class FeedResult:
    feed: str
    status: int | None
    ok: bool
    error: str | None = None
    paused: str | None = None
    new: int = 0
    updated: int = 0
    repeats: int = 0
    other_language: int = 0
    unreadable: int = 0
    wire_copies: int = 0


@dataclass
class CycleReport:
    results: list[FeedResult] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.results)

    @property
    def wire_copies(self) -> int:
        return sum(r.wire_copies for r in self.results)

    @property
    def changed(self) -> bool:
        """Whether a seed file was written: new, edited or credited with a copy."""
        return bool(self.new or self.updated or self.wire_copies)

    def to_json(self) -> dict[str, Any]:
        return {
            "feeds": len(self.results),
            "unchanged": sum(1 for r in self.results if r.status == 304),
            "failed": sum(1 for r in self.results if not r.ok),
            "new": self.new,
            "updated": self.updated,
            "wire_copies": self.wire_copies,
            "requests": self.requests,
            "results": [asdict(r) for r in self.results],
        }

    def summary(self) -> str:
        failed = [r for r in self.results if not r.ok]
        unchanged = sum(1 for r in self.results if r.status == 304)
        text = (
            f"Feeds: {len(self.results)} fetched ({unchanged} unchanged, {len(failed)} failed):"
            f" {self.new} new {'item' if self.new == 1 else 'items'}, {self.updated} updated"
            + (f", {self.wire_copies} wire copies credited" if self.wire_copies else "")
            + "."
        )
        for result in failed:
            text += f"\n  {result.feed}: {result.error}" + (
                f" (paused: {result.paused})" if result.paused else ""
            )
        return text


def folder_of(feed: FeedRow) -> str:
    """The feed's folder under seeds/feeds: its name as a slug, then its id (unique)."""
    slug = _SLUG.sub("-", feed.name.lower()).strip("-")[:60] or "feed"
    return f"{slug}-{feed.id}"


def content_hash(item: FeedItem) -> str:
    return hashlib.sha256(f"{item.title or ''}\n{item.text}".encode()).hexdigest()


def next_fetch(feed: FeedRow, now: dt.datetime, ok: bool, wait: float | None = None) -> dt.datetime:
    """When to ask again: the feed's own pace give or take 5% (so that feeds added
    together spread out); after a failure, backing off exponentially with jitter, and
    never sooner than a Retry-After asked."""
    every = max(feed.every_seconds, 60)
    if ok:
        delay = every * random.uniform(0.95, 1.05)
    else:
        ceiling = min(every * 2 ** min(feed.failures + 1, 16), max(MAX_BACKOFF, every))
        delay = random.uniform(ceiling / 2, ceiling)
    if wait is not None:
        delay = max(delay, wait)
    return now + dt.timedelta(seconds=delay)


def _seed_item(
    feed: FeedRow, outlet: str, item: FeedItem, now: dt.datetime, lang: str | None
) -> dict[str, Any]:
    published, dated_by = item.published, "feed"
    if published is None or published > now + FUTURE_SLACK:
        published, dated_by = now, "fetch"
    return {
        "date": published.isoformat(timespec="seconds"),
        "dated_by": dated_by,
        "title": item.title,
        "url": item.url,
        "source": outlet,
        "outlets": [outlet],
        "text": item.text,
        "feed": feed.name,
        "guid": item.key,
        "fetched_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "language": lang,
    }


def _read_item(path: Path) -> dict[str, Any] | None:
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _write(path: Path, line: dict[str, Any]) -> None:
    """Write an item's seed file whole or not at all (a reload never reads half an item),
    keeping the outlets and addresses its wire copies credited on it before."""
    old = _read_item(path)
    if old is not None:
        line["outlets"] = list(dict.fromkeys([*line["outlets"], *old.get("outlets", [])]))
        if old.get("copies"):
            line["copies"] = old["copies"]
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")
    part.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    os.replace(part, path)


def _credit(path: Path, outlet: str, url: str | None) -> bool:
    """Credit a wire copy's outlet (and address) on the item it copies; False when that
    item's file is gone."""
    line = _read_item(path)
    if line is None:
        return False
    outlets = [o for o in line.get("outlets", []) if isinstance(o, str)]
    line["outlets"] = list(dict.fromkeys([*outlets, outlet]))
    copies = [c for c in line.get("copies", []) if isinstance(c, dict)]
    if url and all(c.get("url") != url for c in copies):
        copies.append({"outlet": outlet, "url": url})
    line["copies"] = copies
    part = path.with_name(f".{path.name}.part")
    part.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    os.replace(part, path)
    return True


async def _full_text(client: Client, url: str) -> str | None:
    """The main text of an article page (trafilatura), or None."""
    try:
        page = await client.get(url, accept=PAGE_ACCEPT)
    except FetchFailed as exc:
        log.info("full text of %s not fetched: %s", url, exc.reason)
        return None
    if page.status != 200:
        return None
    try:
        return await asyncio.to_thread(_extract_text, page)
    except Exception:  # one page trafilatura cannot read keeps its item's summary
        log.warning("full text of %s not extracted", url, exc_info=True)
        return None


def _extract_text(page: Response) -> str | None:
    import trafilatura

    html: str | bytes = page.body  # trafilatura reads the page's own declaration
    charset = _charset(page.headers.get("Content-Type", ""))
    if charset:  # a charset Python does not know is as if none was sent
        with contextlib.suppress(LookupError):
            html = page.body.decode(charset, errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    return text or None


def _charset(content_type: str) -> str | None:
    """The charset a Content-Type header names, or None."""
    from email.message import Message

    header = Message()
    header["Content-Type"] = content_type
    return header.get_content_charset()


async def _with_full_text(client: Client, feed: FeedRow, item: FeedItem) -> FeedItem:
    """With --full-text, a summary item with the text of its article page instead."""
    if not (feed.full_text and item.summary_only and item.url):
        return item
    text = await _full_text(client, item.url)
    if not text or len(text) <= len(item.text):
        return item
    return FeedItem(item.key, item.url, item.title, item.published, text, False)


class Wire:
    """The cycle's wire-copy index, built from the store on first need."""

    def __init__(self, run: RunInStore, now: dt.datetime) -> None:
        self.run, self.now = run, now
        self._index: WireIndex | None = None
        self._lock = asyncio.Lock()

    async def index(self) -> WireIndex:
        async with self._lock:
            if self._index is None:
                from bot.feeds.wire import WINDOW, WireIndex

                since = self.now - WINDOW
                rows = await self.run(lambda s: s.feeds.recent_signatures(since))
                self._index = await asyncio.to_thread(WireIndex, rows)
            return self._index


# An item the feed gave that became no document (another language, no text): known, so
# that it is counted once, not at every fetch.
NO_DOCUMENT = ""


async def _items_written(
    client: Client,
    feed: FeedRow,
    parsed: ParsedFeed,
    known: dict[str, tuple[str, str]],
    seeds: Path,
    now: dt.datetime,
    update: FeedUpdate,
    wire: Wire,
) -> None:
    """Write the feed's new and edited items, credit its wire copies on their originals;
    count the rest on `update`."""
    from bot.feeds.wire import signature

    outlet = parsed.title or feed.name
    contents = {content: file for content, file in known.values()}
    seen: set[str] = set()
    backlog = feed.last_success_at is None  # the first fetch that reads the feed
    writes: list[tuple[Path, dict[str, Any]]] = []
    credits: list[tuple[Path, str | None]] = []
    for item in parsed.items:
        if item.key in seen:
            update.repeats += int(item.key not in known)  # counted once, not every fetch
            continue
        seen.add(item.key)
        digest = content_hash(item)  # of what the feed says, before any full text
        if item.key in known:
            old_digest, file = known[item.key]
            if old_digest == digest:
                continue  # the common case: an item seen before, unchanged
        if item.key in known and _owns(feed, item.key, known[item.key][1]):
            file = known[item.key][1]
            item = await _with_full_text(client, feed, item)
            line = _seed_item(feed, outlet, item, now, _ENGLISH)
            if item.published is None:  # an undated item keeps the date it was first given
                old_line = _read_item(seeds / file.removesuffix("#1"))
                if old_line is not None and isinstance(old_line.get("date"), str):
                    line["date"], line["dated_by"] = old_line["date"], "fetch"
            update.updated += 1
            writes.append((seeds / file.removesuffix("#1"), line))
            update.items.append(ItemRow(item.key, digest, file, False, signature(item.text)))
            continue
        if not item.text.strip():
            update.unreadable += 1
            update.items.append(ItemRow(item.key, digest, NO_DOCUMENT))
            continue
        if digest in contents:  # the same text under a new key
            update.repeats += 1
            update.items.append(ItemRow(item.key, digest, contents[digest]))
            continue
        lang = await asyncio.to_thread(language_of, f"{item.title or ''}\n{item.text}")
        if lang is not None and lang != _ENGLISH:
            update.other_language += 1
            update.items.append(ItemRow(item.key, digest, NO_DOCUMENT))
            continue
        item = await _with_full_text(client, feed, item)
        mark = signature(item.text)
        index = await wire.index() if mark is not None else None
        original = index.original(mark) if index is not None and mark is not None else None
        if original is not None:
            if original.feed_id == feed.id:
                update.repeats += 1  # this feed's own report again, lightly edited
            else:
                update.wire_copies += 1
                credits.append((seeds / original.file.removesuffix("#1"), item.url))
            update.items.append(ItemRow(item.key, digest, original.file, backlog))
            continue
        line = _seed_item(feed, outlet, item, now, lang)
        file = _file_for(feed, item.key, line["date"][:10])  # the day it is dated by
        if index is not None and mark is not None:
            index.add(feed.id, file, mark)  # before any await: a copy later in the cycle finds it
        update.new += 1
        contents[digest] = file
        writes.append((seeds / file.removesuffix("#1"), line))
        update.items.append(ItemRow(item.key, digest, file, backlog, mark))
    for path, line in writes:
        await asyncio.to_thread(_write, path, line)
    for path, url in credits:
        await asyncio.to_thread(_credit, path, outlet, url)


def _file_for(feed: FeedRow, key: str, day: str) -> str:
    """The document a feed's new item becomes: its day, then its key's hash."""
    key_hash = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{FEEDS_FOLDER}/{folder_of(feed)}/{day}-{key_hash}.jsonl#1"


def _owns(feed: FeedRow, key: str, file: str) -> bool:
    """Whether `file` was written for this item (not its original, when the item was a
    repeat or a wire copy, nor none, when it had no text or another language): only
    then is an edit written over it; otherwise the edited item is read as a new one."""
    own = _file_for(feed, key, "")
    folder, _, name = own.rpartition("/")
    return file.startswith(folder + "/") and file.endswith(name)


def _failure(
    feed: FeedRow, now: dt.datetime, reason: str, status: int | None, wait: float | None
) -> FeedUpdate:
    return FeedUpdate(
        fetched_at=now,
        next_fetch_at=next_fetch(feed, now, ok=False, wait=wait),
        ok=False,
        status=status,
        error=reason,
        etag=feed.etag,
        last_modified=feed.last_modified,
    )


def _status_reason(response: Response) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {response.status} {phrase}".strip()


async def fetch_feed(
    client: Client,
    run: RunInStore,
    feed: FeedRow,
    options: FeedOptions,
    now: dt.datetime,
    wire: Wire | None = None,
) -> FeedResult:
    """Fetch one feed, write what it brought, record the outcome; never raises for what
    the feed or the network did (that is the feed's state)."""
    known: dict[str, tuple[str, str]] = await run(lambda s: s.feeds.items_of(feed.id))
    try:
        response = await client.get(feed.url, feed.etag, feed.last_modified)
    except FetchFailed as exc:
        update = _failure(feed, now, exc.reason, None, None)
    else:
        wire = wire or Wire(run, now)
        update = await _answered(client, feed, response, known, options, now, wire)
    await run(lambda s: s.feeds.record(feed.id, update))
    result = FeedResult(
        feed.name,
        update.status,
        update.ok,
        update.error,
        update.paused_reason,
        update.new,
        update.updated,
        update.repeats,
        update.other_language,
        update.unreadable,
        update.wire_copies,
    )
    metrics.FEED_FETCHES.labels(_fetch_status(update)).inc()
    if not update.ok:
        log.info("feed %s: %s", feed.name, update.error)
    return result


def _fetch_status(update: FeedUpdate) -> str:
    """A fetch as the metrics count it: ok, not_modified, gone (paused) or failed."""
    if update.paused_reason:
        return "gone"
    if not update.ok:
        return "failed"
    return "not_modified" if update.status == 304 else "ok"


async def _answered(
    client: Client,
    feed: FeedRow,
    response: Response,
    known: dict[str, tuple[str, str]],
    options: FeedOptions,
    now: dt.datetime,
    wire: Wire,
) -> FeedUpdate:
    status = response.status
    if status == 304:
        return FeedUpdate(
            fetched_at=now,
            next_fetch_at=next_fetch(feed, now, ok=True),
            ok=True,
            status=status,
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
    if status == 200:
        try:
            parsed = await asyncio.to_thread(parse, response.body)
        except NotAFeed as exc:
            return _failure(feed, now, exc.reason, status, None)
        update = FeedUpdate(
            fetched_at=now,
            next_fetch_at=next_fetch(feed, now, ok=True),
            ok=True,
            status=status,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
        await _items_written(client, feed, parsed, known, options.seeds, now, update, wire)
        return update
    reason = _status_reason(response)
    wait = response.retry_after if status in (429, 503) else None
    update = _failure(feed, now, reason, status, wait)
    if status == 410:
        update.paused_reason = "gone (410): the publisher removed the feed"
    elif status == 404 and feed.not_found_since:  # measured from the first 404 in a row
        since = dt.datetime.fromisoformat(feed.not_found_since)
        if now - since >= options.gone_after:
            update.paused_reason = f"not found (404) since {feed.not_found_since[:16]} UTC"
    return update


async def fetch_due(
    run: RunInStore,
    options: FeedOptions,
    clock: Callable[[], dt.datetime],
    names: Sequence[str] = (),
) -> CycleReport:
    """Fetch every feed that is due (or, with `names`, those feeds now, due or not)."""
    started = asyncio.get_running_loop().time()
    now = clock()
    if names:
        wanted = {n.lower() for n in names}
        feeds = [f for f in await run(lambda s: s.feeds.all()) if f.name.lower() in wanted]
    else:
        feeds = await run(lambda s: s.feeds.due(now))
    report = CycleReport()
    if not feeds:
        return report
    wire = Wire(run, now)
    async with Client(options.limits) as client:
        report.results = list(
            await asyncio.gather(*(fetch_feed(client, run, f, options, now, wire) for f in feeds))
        )
        report.requests = client.requests
    report.seconds = asyncio.get_running_loop().time() - started
    return report
