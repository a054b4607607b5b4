"""`briefing ask`, `inspect` and `digest`: the store and the seeds asked from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import emit, fail, settings_for, utc_now
from bot.cli.options import DbOption, JsonOption, SeedsOption
from bot.errors import BadInput, BriefingError


def ask_command(
    line: Annotated[str, typer.Argument(help='A slash command, e.g. "/who Tartus"')],
    db: DbOption = None,
    seeds: SeedsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run one slash command through the same handler the chat fronts use."""
    from bot.extraction.engine import Engine
    from bot.fronts.common import front_env
    from bot.fronts.console.render import PAGE_SIZE, render_with_chart
    from bot.store import Store
    from commands import run_line

    settings = settings_for(db, seeds)
    env = front_env(
        settings,
        Engine(settings.spacy.model, settings.spacy.fallback_model),
        front="console",
        is_admin=settings.console.admin,
        page_size=None if as_json else PAGE_SIZE,  # the JSON holds every match
    )
    try:
        with Store(settings.store.db, create=False) as store:
            now = utc_now()
            reply = run_line(line, store, now, env)
    except BriefingError as exc:
        fail(exc.message, as_json)
        return
    from bot.fronts.charts import save_chart

    chart = save_chart(reply, now)
    if as_json:
        emit({**reply.to_json(), "chart": chart} if chart else reply.to_json())
    else:
        typer.echo(render_with_chart(reply, chart))


INSPECT_HELP = (
    "Show how a seed file's articles are dated and what events they yield, without the store."
    "\n\nReads every format the reload reads."
    " With --json, a .txt or .md file (one article) prints one object"
    ' {"document", "dates", "events"}; a .jsonl file or a feed (.xml, .rss, .atom: one'
    " article per line or entry) prints a list in file order with one such object per"
    ' article, and {"skipped": {"file", "reason"}} for an article the reload would skip.'
)


def inspect_command(
    file: Annotated[Path, typer.Argument(help="A seed file, in any seed format")],
    seeds: SeedsOption = None,
    as_json: JsonOption = False,
) -> None:
    """How a seed file's articles are dated and what events they yield (see INSPECT_HELP)."""
    from bot.errors import SeedError
    from bot.extraction.engine import Engine
    from bot.seeds import BadArticle, holds_several_articles, read_articles

    settings = settings_for(None, seeds)
    try:
        if not file.is_file():
            raise SeedError(f"{file} is not a file")
        articles, warning = read_articles(file, today=utc_now().date())
        several = holds_several_articles(file.name)
        if not several and isinstance(articles[0], BadArticle):
            raise SeedError(articles[0].reason)
    except (SeedError, OSError) as exc:
        message = exc.message if isinstance(exc, SeedError) else f"cannot read {file}"
        fail(message, as_json)
        return
    if warning:
        typer.echo(f"{file.name}: {warning}", err=True)
    engine = Engine(settings.spacy.model, settings.spacy.fallback_model)
    extractor = engine.extractor(engine.aliases(settings.ingest.seeds))
    found = [
        {"skipped": {"file": a.file, "reason": a.reason}}
        if isinstance(a, BadArticle)
        else extractor.inspect(a)
        for a in articles
    ]
    if as_json:
        emit(found if several else found[0])
        return
    for article in found:
        if "skipped" in article:
            skipped = article["skipped"]
            typer.echo(f"{skipped['file']}: skipped ({skipped['reason']})")
            continue
        document = article["document"]
        typer.echo(
            f"{document['file']}: published {document['published']}, title {document['title']!r}"
        )
        for d in article["dates"]:
            typer.echo(f"  date {d['text']!r} -> {d['start']}..{d['end']} ({d['granularity']})")
        for e in article["events"]:
            w = e["when"]
            typer.echo(
                f"  [{w['start']}..{w['end']} {w['granularity']}] {e['action']}:"
                f" actors={e['actors']} places={e['places']} attribution={e['attribution']}"
            )


def digest_command(
    db: DbOption = None,
    as_json: JsonOption = False,
    start: Annotated[
        str | None, typer.Option("--from", help="First publication date (e.g. 2025-06-26).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last publication date (default: --from's).")
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", help="A digest channel, e.g. discord:123 (default: console)."),
    ] = None,
) -> None:
    """Print a digest: by default what the next scheduled digest would send; with --from
    and --to, the digest of the documents published in those days."""
    from bot.digest.schedule import published_digest, window_digest
    from bot.fronts.console.render import render
    from bot.store import Store
    from commands._dates import user_date

    settings = settings_for(db)
    now = utc_now()
    try:
        first = user_date(start, now) if start else None
        last = user_date(end, now) if end else first
        if first and last and last < first:
            raise BadInput("--to must not be before --from.")
        with Store(settings.store.db) as store:
            if first or last:
                reply = published_digest(store, first, last, settings.digest.max_stories)
            else:
                key = channel or "console"
                reply = window_digest(store, key, settings.digest.max_stories)
    except BriefingError as exc:
        fail(exc.message, as_json)
        return
    if as_json:
        emit(reply.to_json())
    else:
        typer.echo(render(reply))
