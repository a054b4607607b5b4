"""`briefing feeds`: subscribe to news feeds by URL, import OPML, list, remove, fetch now."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer

from bot.cli.common import emit, fail, settings_for, utc_now
from bot.cli.options import DbOption, JsonOption, SeedsOption

app = typer.Typer(
    help="Follow news feeds by URL (RSS, Atom, JSON Feed): docs/feeds.md.",
    no_args_is_help=True,
    add_completion=False,
)
EveryOption = Annotated[
    str | None,
    typer.Option("--every", help="How often to fetch: 15m, 1h, 1d (default: FEEDS_EVERY)"),
]
NoFetchOption = Annotated[
    bool, typer.Option("--no-fetch", help="Subscribe only; the scheduled fetcher fetches it.")
]


def default_name(url: str) -> str:
    """A feed's name when none is given: its host, without a leading www."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _subscribe(
    store: Any, url: str, name: str | None, every: int, full_text: bool, allow_private: bool
) -> Any:
    """Check the address (as typed, and a literal IP), then subscribe."""
    from bot.errors import BadInput
    from bot.feeds.guard import Refused, check_address, check_url

    url = check_url(url)
    try:
        check_address(urlsplit(url).hostname or "", allow_private)
    except Refused as exc:
        raise BadInput(f"Not subscribed: {exc.reason}.") from None
    return store.feeds.add(name or default_name(url), url, every, full_text, utc_now())


def _subscribe_all(
    settings: Any,
    entries: list[tuple[str, str | None]],
    every: str | None,
    full_text: bool,
    no_fetch: bool,
    as_json: bool,
) -> dict[str, Any]:
    """Subscribe to each (url, name), listing those refused as skipped with the reason;
    then fetch the new feeds and reload (unless no_fetch). Fails on a bad --every."""
    from bot.errors import BadInput, BriefingError
    from bot.feeds.every import parse_every
    from bot.store import Store

    added, skipped = [], []
    try:
        seconds = parse_every(every) if every else settings.feeds.every_seconds
        with Store(settings.store.db) as store:
            for url, name in entries:
                try:
                    feed = _subscribe(
                        store, url, name, seconds, full_text, settings.feeds.allow_private
                    )
                except BadInput as exc:
                    skipped.append({"url": url, "reason": exc.message})
                else:
                    added.append({"name": feed.name, "url": feed.url})
        result: dict[str, Any] = {"added": added, "skipped": skipped}
        if added and not no_fetch:
            result.update(_fetch_and_reload(settings, [a["name"] for a in added], as_json))
    except BriefingError as exc:
        fail(exc.message, as_json)
    return result


def _fetch_and_reload(settings: Any, names: list[str], as_json: bool) -> dict[str, Any]:
    """Fetch the named feeds (or every due one), then reload when anything came."""
    from bot.cli.reload import run_reload
    from bot.feeds.cycle import fetch_due
    from bot.store import Store

    with Store(settings.store.db) as store:

        async def run(work: Any) -> Any:
            return work(store)

        report = asyncio.run(
            fetch_due(run, settings.feeds.options(settings.ingest.seeds), utc_now, names)
        )
    result: dict[str, Any] = {"fetch": report.to_json(), "summary": report.summary()}
    if report.changed:
        result["reload"] = run_reload(settings, as_json)
    return result


def _show(result: dict[str, Any]) -> None:
    from bot.cli.reload import reload_text

    typer.echo(result["summary"])
    if "reload" in result:
        typer.echo(reload_text(result["reload"]))


@app.command("add")
def add_command(
    url: Annotated[str, typer.Argument(help="The feed's address (http or https).")],
    name: Annotated[str | None, typer.Option("--name", help="A name (default: its host).")] = None,
    every: EveryOption = None,
    full_text: Annotated[
        bool,
        typer.Option("--full-text", help="Fetch each article's page when the feed has summaries."),
    ] = False,
    no_fetch: NoFetchOption = False,
    db: DbOption = None,
    seeds: SeedsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Subscribe to a feed, fetch it now and reload (unless --no-fetch)."""
    settings = settings_for(db, seeds)
    result = _subscribe_all(settings, [(url, name)], every, full_text, no_fetch, as_json)
    if result["skipped"]:
        fail(result["skipped"][0]["reason"], as_json)
    if as_json:
        emit(result)
        return
    (feed,) = result["added"]
    every = every or settings.feeds.every
    typer.echo(f"Subscribed to {feed['name']} ({feed['url']}), fetched every {every}.")
    if "summary" in result:
        _show(result)


@app.command("import")
def import_command(
    opml: Annotated[Path, typer.Argument(help="An OPML file of subscriptions (any reader's).")],
    every: EveryOption = None,
    no_fetch: NoFetchOption = False,
    db: DbOption = None,
    seeds: SeedsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Subscribe to every feed of an OPML file (those subscribed already are skipped)."""
    import listparser

    settings = settings_for(db, seeds)
    try:
        data = opml.read_bytes()
    except OSError as exc:
        fail(f"Cannot read {opml}: {exc.strerror or type(exc).__name__}.", as_json)
    found = listparser.parse(data)
    if not found.feeds:
        why = f" ({found.bozo_exception})" if found.bozo else ""
        fail(f"{opml} lists no feeds: give an OPML file of subscriptions{why}.", as_json)
    entries = [(e.url, " ".join((e.title or "").split())[:100] or None) for e in found.feeds]
    result = _subscribe_all(settings, entries, every, False, no_fetch, as_json)
    if as_json:
        emit(result)
        return
    added, skipped = result["added"], result["skipped"]
    typer.echo(f"Subscribed to {len(added)} feeds from {opml.name}; {len(skipped)} skipped.")
    for item in skipped:
        typer.echo(f"  skipped {item['url']}: {item['reason']}")
    if "summary" in result:
        _show(result)


@app.command("list")
def list_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every feed with its health: last success, last error, items."""
    from dataclasses import asdict

    from bot.errors import BriefingError
    from bot.replies import FeedStatus, feed_status_line
    from bot.store import Store

    settings = settings_for(db)
    try:
        with Store(settings.store.db, create=False) as store:
            feeds = store.feeds.all()
    except BriefingError as exc:
        fail(exc.message, as_json)
    if as_json:
        emit([asdict(f) for f in feeds])
        return
    if not feeds:
        typer.echo("No feeds: add one with `briefing feeds add URL`.")
    for feed in feeds:
        typer.echo(feed_status_line(FeedStatus.of(feed)))


@app.command("remove")
def remove_command(
    name: Annotated[str, typer.Argument(help="The feed's name (see `briefing feeds list`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stop following a feed. Its items already in the store and the seeds folder stay."""
    from bot.errors import BriefingError
    from bot.store import Store

    settings = settings_for(db)
    try:
        with Store(settings.store.db, create=False) as store:
            removed = store.feeds.remove(name)
            names = [f.name for f in store.feeds.all()]
    except BriefingError as exc:
        fail(exc.message, as_json)
    if removed is None:
        known = ", ".join(names) if names else "none"
        fail(f"No feed is named '{name}'. Feeds: {known}.", as_json)
    if as_json:
        emit({"removed": {"name": removed.name, "url": removed.url}})
    else:
        typer.echo(f"Removed {removed.name} ({removed.url}); its items already fetched stay.")


@app.command("fetch")
def fetch_command(
    names: Annotated[
        list[str] | None, typer.Argument(help="Feeds to fetch now (default: every feed due).")
    ] = None,
    db: DbOption = None,
    seeds: SeedsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fetch the feeds that are due (or the named ones now), then reload if any item came."""
    from bot.errors import BriefingError

    settings = settings_for(db, seeds)
    try:
        result = _fetch_and_reload(settings, names or [], as_json)
    except BriefingError as exc:
        fail(exc.message, as_json)
    if as_json:
        emit(result)
    else:
        _show(result)
