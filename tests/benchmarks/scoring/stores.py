"""Tiny stores and gold rows the name scorers are tested on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from benchmarks.scoring.current_events import GoldParagraph
from bot.store import Store
from tests.factories import document, extracted_event

NOW = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def add_day(
    store: Store,
    file: str,
    sentence: str,
    actors: Iterable[str],
    surfaces: Mapping[str, set[str]] | None = None,
    places: Iterable[str] = (),
) -> None:
    """One document holding one event of the given sentence and entities."""
    event = extracted_event(actors, places, sentence=sentence, surfaces=surfaces)
    sha = f"{abs(hash(file)):064d}"[:64]
    store.apply_reload([(document(file, sha256=sha), [event])], [], NOW)


def gold(file: str, *links: tuple[str, str], text: str = "", day: str = "2025-01-01"):
    """A gold row mapped to paragraph 0 of `file`, linking (anchor, title) pairs."""
    return GoldParagraph(file, text, list(links), 0, dt.date.fromisoformat(day))
