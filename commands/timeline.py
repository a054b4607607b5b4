"""/timeline <name> [start] [end]: the sentences of an entity's events oldest first, each
once, and a weekly chart of its events."""

from __future__ import annotations

import datetime as dt

from bot.errors import BadDate, BadInput
from bot.replies import OTHERS, TimelineReply
from bot.store import Store
from commands import Command, Env, Param
from commands._dates import user_date
from commands._names import Resolution, resolve

TOP_CO_ACTORS = 5


def _dates(args: dict[str, str], now: dt.datetime) -> tuple[dt.date | None, dt.date | None]:
    start = user_date(args["start"], now) if args.get("start") else None
    end = user_date(args["end"], now) if args.get("end") else None
    return start, end


def _name_and_dates(
    store: Store, args: dict[str, str], now: dt.datetime
) -> tuple[Resolution, dt.date | None, dt.date | None]:
    """The name and dates; an unquoted name of several words ('/timeline Bashar al-Assad
    2025-01-01') reaches the handler split over the date parameters, and is joined back when
    the words do not read as dates but do name an entity."""
    query = args["name"]
    try:
        start, end = _dates(args, now)
    except BadDate:
        words = " ".join(args.get(k, "") for k in ("start", "end")).split()
        for k in range(len(words), 0, -1):
            name, rest = " ".join([query, *words[:k]]), words[k:]
            if len(rest) <= 2:
                try:
                    found = resolve(store, name, suggest_unknown=False)
                except BadInput:  # only common words: not a name, the date stays bad
                    continue
                if found.entity is not None:
                    start, end = _dates(dict(zip(("start", "end"), rest, strict=False)), now)
                    return found, start, end
        raise
    return resolve(store, query), start, end


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> TimelineReply:
    found, start, end = _name_and_dates(store, args, now)
    query, entity = found.query, found.entity
    if start and end and start > end:
        raise BadInput(f"The start ({start}) is after the end ({end}): put the earlier date first.")
    bounds = {
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
    }
    if entity is None:
        return TimelineReply(
            query=query,
            entity=None,
            suggestions=found.suggestions,
            candidates=found.candidates,
            **bounds,
        )
    sentences, total = store.sentences.timeline(
        entity.id, start, end, limit=env.page_size, offset=env.offset
    )
    _, events = store.events.timeline(entity.id, start, end, limit=0)  # charted or not
    series: dict[str, dict[str, int]] = {}
    ranks: dict[str, int] = {}
    charted: dict[str, int] = {}
    for week, actor, rank, count in store.aggregates.timeline_counts(
        entity.id, start, end, TOP_CO_ACTORS
    ):
        label = actor if actor is not None else OTHERS
        series.setdefault(week, {})[label] = count
        ranks[label] = rank if rank is not None else TOP_CO_ACTORS + 1
        charted[label] = charted.get(label, 0) + count
    return TimelineReply(
        query=query,
        entity=entity,
        ranked=[(label, charted[label]) for label in sorted(ranks, key=ranks.__getitem__)],
        sentences=sentences,
        total=total,
        series=series,
        unplaced=events - sum(charted.values()),
        asked_as=found.asked_as,
        candidates=found.candidates,
        **bounds,
    )


COMMAND = Command(
    name="timeline",
    description="An entity's events in date order, with a weekly chart by co-actor.",
    handler=handle,
    params=(
        Param("name", "A person, organisation, country or place, e.g. Russia", kind="entity"),
        Param("start", "From this date (optional): 2025-01-01, 1 Jan 2025", False, "date"),
        Param("end", "Up to this date (optional): 2025-03-31, 31 Mar 2025", False, "date"),
    ),
    examples=("/timeline Russia", '/timeline "Bashar al-Assad" 2025-01-01 2025-03-31'),
    slow=True,
)
