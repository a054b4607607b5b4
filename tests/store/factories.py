"""Documents and events to write into a test store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from bot.extraction.dates import When
from bot.extraction.extractor import Event
from bot.seeds import Document, Paragraph

DAY = dt.date(2025, 2, 17)


def document(
    file: str = "a.txt",
    sha256: str = "1" * 64,
    title: str | None = "T",
    published: dt.date = DAY,
) -> Document:
    return Document(
        file=file, published=published, sha256=sha256, title=title, paragraphs=(Paragraph("x"),)
    )


def event(
    actors: Iterable[str],
    places: Iterable[str] = (),
    day: dt.date | str = DAY,
    sentence: str = "Russia moved.",
    surfaces: Mapping[str, set[str]] | None = None,
    action: str = "moved",
    kinds: Mapping[str, str] | None = None,
) -> Event:
    """An event dated to one day; every entity a country unless `kinds` says otherwise."""
    actors, places = list(actors), list(places)
    when = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return Event(
        actors=actors,
        places=places,
        action=action,
        attribution=None,
        sentence=sentence,
        when=When(when, when, "day", None),
        paragraph=0,
        kinds={n: "country" for n in [*actors, *places]} | dict(kinds or {}),
        surfaces=dict(surfaces or {}),
    )
