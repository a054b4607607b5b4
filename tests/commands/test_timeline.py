"""/timeline: the sentences of an entity's events oldest first, each once, and a weekly
chart whose data is the store's counts."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.errors import BadDate, BadInput
from bot.extraction.dates import parse_user_date
from bot.fronts.charts import png_size, save_chart, timeline_png
from bot.fronts.console.render import render, render_with_chart
from bot.ingest import reload
from bot.replies import OTHERS, TimelineReply
from bot.store import Store
from commands import Env, run_line
from tests.conftest import NOW, SEEDS, shared
from tests.factories import PARIS_MORNING, TOKEN, TRUCE, Clock, document, truce_events
from tests.factories import discord_message as _message
from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.harness import DiscordHarness, harnessed

CORPUS_NOW = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)  # after the corpus


def ask(store: Store, line: str, now: dt.datetime = NOW, **env) -> TimelineReply:
    env.setdefault("front", "discord")
    reply = run_line(line, store, now, Env(seeds=SEEDS, **env))
    assert isinstance(reply, TimelineReply)
    return reply


def expected_series(
    store: Store, name: str, start: str = "0001-01-01", end: str = "9999-12-31"
) -> dict[str, dict[str, int]]:
    """The weekly counts by co-actor, computed here from plain rows (not the store's SQL)."""
    entity = store.entities.lookup(name)
    assert entity is not None
    weeks: dict[int, str] = {}
    for event_id, s, e in store.db.execute(
        "SELECT ev.id, ev.when_start, ev.when_end FROM events ev JOIN event_entities ee"
        " ON ee.event_id = ev.id WHERE ee.entity_id = ?",
        (entity.id,),
    ):
        day, last = dt.date.fromisoformat(s), dt.date.fromisoformat(e)
        if start <= s <= end and (last - day).days <= 31:
            weeks[event_id] = (day - dt.timedelta(days=day.weekday())).isoformat()
    actors: dict[int, set[str]] = {i: set() for i in weeks}
    for event_id, actor in store.db.execute(
        "SELECT ee.event_id, e.name FROM event_entities ee JOIN entities e ON e.id = ee.entity_id"
        " WHERE ee.role = 'actor' AND ee.entity_id != ?",
        (entity.id,),
    ):
        if event_id in actors:
            actors[event_id].add(actor)
    shared_events = Counter(a for names in actors.values() for a in names)
    top = sorted(shared_events, key=lambda a: (-shared_events[a], a.lower()))[:5]
    series: dict[str, dict[str, int]] = {}
    for event_id, week in weeks.items():
        label = next((a for a in top if a in actors[event_id]), OTHERS)
        counts = series.setdefault(week, {})
        counts[label] = counts.get(label, 0) + 1
    return dict(sorted(series.items()))


def assert_chart(reply: TimelineReply) -> None:
    """The fronts draw the reply's counts: a 1000 × 500 PNG."""
    png = timeline_png(reply)
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png_size(png) == (1000, 500)


def assert_ranked(reply: TimelineReply) -> None:
    """Each co-actor is ranked with the events it is charted for, in stacking order."""
    charted = Counter()
    for counts in reply.series.values():
        charted.update(counts)
    assert dict(reply.ranked) == dict(charted)
    assert reply.to_json()["co_actors"] == [name for name, _ in reply.ranked]


# --- the seed store ---------------------------------------------------------------------


def test_seed_timeline_is_oldest_first_with_a_chart_of_the_store_counts(seed_store):
    reply = ask(seed_store, "/timeline Russia")
    assert reply.entity is not None and reply.entity.name == "Russia"
    assert reply.total == len(reply.sentences) > 0
    starts = [s.lead.when_start for s in reply.sentences]
    assert starts == sorted(starts)
    assert_chart(reply)
    assert reply.series == expected_series(seed_store, "Russia")
    assert_ranked(reply)
    charted = sum(sum(c.values()) for c in reply.series.values())
    assert charted + reply.unplaced == sum(len(s.events) for s in reply.sentences)
    assert reply.order[-1] == OTHERS or OTHERS not in reply.order
    json = reply.to_json()
    assert json["series"] == reply.series and json["chart"] is None and "png" not in json
    assert set(json) == {
        "command",
        "query",
        "entity",
        "suggestions",
        "asked_as",
        "candidates",
        "from",
        "to",
        "series",
        "co_actors",
        "unplaced",
        "chart",
        "sentences",
        "events",
        "total",
    }


def test_aliases_and_from_to_filter(seed_store):
    reply = ask(seed_store, "/timeline Kremlin 2025-02-01 2025-02-28")
    assert reply.entity.name == "Russia" and (reply.start, reply.end) == (
        "2025-02-01",
        "2025-02-28",
    )
    events = [e for s in reply.sentences for e in s.events]
    assert events and all("2025-02-01" <= e.when_start <= "2025-02-28" for e in events)
    assert reply.series == expected_series(seed_store, "Russia", "2025-02-01", "2025-02-28")
    only_from = ask(seed_store, "/timeline Russia 2025-02-17")
    assert all(e.when_start >= "2025-02-17" for s in only_from.sentences for e in s.events)
    assert only_from.total < ask(seed_store, "/timeline Russia").total


def test_unknown_names_get_suggestions(seed_store):
    reply = ask(seed_store, "/timeline Rusia")
    assert reply.entity is None and "Russia" in reply.suggestions and timeline_png(reply) is None
    assert "Did you mean: Russia" in render(reply)


@pytest.mark.parametrize(
    "line", ["/timeline Russia 2025-13-01", "/timeline Russia 2025-01-01 soon"]
)
def test_bad_dates_get_the_clear_message(seed_store, line):
    with pytest.raises(BadDate) as caught:
        ask(seed_store, line)
    with pytest.raises(BadDate) as since:
        parse_user_date("2025-13-01", NOW)
    assert caught.value.message == since.value.message and "2025-01-01" in caught.value.message


def test_dates_in_the_wrong_order_are_refused(seed_store):
    with pytest.raises(BadInput, match="after the end"):
        ask(seed_store, "/timeline Russia 2025-03-01 2025-01-01")


def test_an_unquoted_name_of_several_words_is_joined_back(seed_store):
    reply = ask(seed_store, "/timeline Bashar al-Assad 2025-01-01")
    assert reply.entity is not None and reply.entity.name == "Bashar al-Assad"
    assert reply.start == "2025-01-01"


def test_the_console_saves_the_chart_and_prints_its_path(seed_store, tmp_path, monkeypatch):
    monkeypatch.setattr("bot.fronts.charts.chart_dir", lambda: tmp_path)
    reply = ask(seed_store, "/timeline Russia", front="console", page_size=10)
    path = tmp_path / f"timeline-russia-{NOW.date().isoformat()}.png"
    assert save_chart(reply, NOW) == str(path) and png_size(path.read_bytes()) == (1000, 500)
    text = render_with_chart(reply, str(path))
    assert str(path) in text and "1. " in text
    # The handler returns counts; drawing is the fronts', and the reply holds no path.
    assert reply.to_json()["chart"] is None and str(path) not in render(reply)


def test_later_pages_carry_the_same_counts(seed_store):
    first = ask(seed_store, "/timeline Russia", page_size=5)
    later = ask(seed_store, "/timeline Russia", page_size=5, page=1)
    assert later.series == first.series and later.ranked == first.ranked
    assert later.sentences != first.sentences and len(first.sentences) == 5


def test_a_sentence_of_several_events_is_listed_once_and_charted_by_its_events(store):
    """Two of the truce sentence's events are Russia's: one item, two charted events."""
    store.apply_reload([(document(), truce_events())], [], NOW)
    reply = ask(store, "/timeline Russia")
    assert [s.sentence[:7] for s in reply.sentences] == [
        "Truce 5",
        "Truce 4",
        TRUCE[:7],
        "Truce 2",
        "Truce 1",
    ]
    assert reply.total == 5 and len(reply.sentences[2].events) == 2
    assert sum(sum(c.values()) for c in reply.series.values()) + reply.unplaced == 6
    pages = [ask(store, "/timeline Russia", page_size=2, page=p).sentences for p in range(3)]
    assert [s for page in pages for s in page] == reply.sentences


# --- the 2025 current-events corpus, January to March -----------------------------------


@pytest.fixture(scope="module")
def quarter_store(tmp_path_factory, engine):
    seeds = tmp_path_factory.mktemp("q1-seeds")
    for path in sorted(shared("corpus", "current-events", "2025").glob("2025-0[1-3]-*.txt")):
        shutil.copy(path, seeds / path.name)
    store = Store(tmp_path_factory.mktemp("q1") / "q1.db")
    reload(store, seeds, engine, CORPUS_NOW)
    yield store
    store.close()


@pytest.mark.parametrize("name", ["Russia", "Ukraine", "Israel"])
def test_corpus_series_equals_the_counts_in_the_store(quarter_store, name):
    reply = ask(quarter_store, f"/timeline {name}", CORPUS_NOW)
    assert_chart(reply)
    assert reply.total > 20
    assert reply.series == expected_series(quarter_store, name)
    assert len(reply.order) <= 6 and len([o for o in reply.order if o != OTHERS]) <= 5


def test_corpus_from_to_filter(quarter_store):
    reply = ask(quarter_store, "/timeline Russia 2025-02-01 2025-02-28", CORPUS_NOW)
    events = [e for s in reply.sentences for e in s.events]
    assert events and all("2025-02-01" <= e.when_start <= "2025-02-28" for e in events)
    # Weeks start on the Monday at or before the 1st; none after the 28th.
    assert min(reply.series) >= "2025-01-27" and max(reply.series) <= "2025-02-28"
    assert reply.series == expected_series(quarter_store, "Russia", "2025-02-01", "2025-02-28")
    assert_chart(reply)


# --- Discord: the chart goes as an attachment with the embed ----------------------------


@pytest.fixture
async def discord_run(tmp_path: Path, seed_db: Path, engine) -> AsyncIterator[DiscordHarness]:
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    async with FakeDiscord(token=TOKEN) as fake:
        run = DiscordHarness(fake, db, engine, Clock(PARIS_MORNING))
        async with harnessed(run):
            yield run


async def test_discord_sends_the_chart_as_an_attachment(discord_run):
    fake = discord_run.fake
    await discord_run.start()
    sent = await fake.send_command("timeline", [{"name": "name", "type": 3, "value": "Russia"}])
    responses = await fake.responses_for(sent, count=2)
    followup = responses[1]
    (upload,) = followup.files
    assert upload.filename == "timeline.png" and png_size(upload.data) == (1000, 500)
    message = _message(responses)
    assert message["embeds"][0]["title"].startswith("Russia (country)")
    stored = followup.response
    assert [a["filename"] for a in stored["attachments"]] == ["timeline.png"]
    buttons = [c for row in stored["components"] for c in row["components"]]
    next_button = next(b for b in buttons if b["label"] == "Next")
    click = await fake.click(stored["id"], next_button["custom_id"], user_id=fake.member_id)
    (turned,) = await fake.responses_for(click)
    assert "page 2/" in _text(turned.json["data"]) and not turned.files  # drawn once
