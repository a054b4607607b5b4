"""Digest timing rules and exactly-once delivery through the ledger."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.digest.schedule import deliver, latest_due, next_due, published_digest
from bot.replies import DigestReply
from bot.store import DigestChannel, Store
from tests.conftest import NOW
from tests.factories import document, extracted_event

UTC = dt.UTC


def _config(time="08:00", tz="Europe/Paris", updated="2025-03-01T00:00:00+00:00", skip=False):
    return DigestChannel("test:news", None, time, tz, skip, updated)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-03-10T06:59:00+00:00", "2025-03-09"),  # 07:59 in Paris: yesterday's is due
        ("2025-03-10T07:00:00+00:00", "2025-03-10"),  # 08:00 in Paris
        ("2025-07-10T06:00:00+00:00", "2025-07-10"),  # summer time: 08:00 is 06:00 UTC
        ("2025-07-10T05:59:00+00:00", "2025-07-09"),
    ],
)
def test_latest_due_in_local_time(now, expected):
    assert latest_due(_config(), dt.datetime.fromisoformat(now)).isoformat() == expected


def test_nothing_is_due_before_the_setup():
    config = _config(updated="2025-03-10T09:00:00+00:00")
    assert latest_due(config, dt.datetime(2025, 3, 10, 9, 30, tzinfo=UTC)) is None
    assert (
        latest_due(config, dt.datetime(2025, 3, 11, 7, 0, tzinfo=UTC)).isoformat() == "2025-03-11"
    )


def test_a_time_skipped_by_daylight_saving_moves_forward():
    config = _config(time="02:30", updated="2025-03-01T00:00:00+00:00")
    # 2025-03-30 02:30 does not exist in Paris; the digest goes at 03:30 local (01:30 UTC)
    nxt = next_due(config, dt.datetime(2025, 3, 29, 12, 0, tzinfo=UTC))
    assert nxt == dt.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)


class RecordingPoster:
    def __init__(self, existing=None):
        self.posts: list[tuple[str, dt.date, int]] = []
        self.existing = existing or {}

    async def post(self, channel, reply: DigestReply, day):
        self.posts.append((channel, day, reply.total))
        self.existing[day] = f"m{len(self.posts)}"
        return self.existing[day]

    async def find(self, channel, day):
        return self.existing.get(day)


def _runner(store: Store):
    async def run(fn):
        return fn(store)

    return run


async def test_digest_is_posted_once_per_day(store):
    config = _config()
    poster = RecordingPoster()
    now = dt.datetime(2025, 3, 10, 7, 5, tzinfo=UTC)
    assert await deliver(config, now, _runner(store), poster) == "posted"
    assert (
        await deliver(config, now + dt.timedelta(hours=3), _runner(store), poster)
        == "already posted"
    )
    assert await deliver(config, now + dt.timedelta(days=1), _runner(store), poster) == "posted"
    assert [p[1].isoformat() for p in poster.posts] == ["2025-03-10", "2025-03-11"]
    assert [r.message_id for r in store.digests.ledger("test:news")] == ["m1", "m2"]


async def test_claim_without_post_is_recovered_from_the_channel_not_reposted(store):
    config = _config()
    now = dt.datetime(2025, 3, 10, 7, 5, tzinfo=UTC)
    store.digests.claim(config.channel, "2025-03-10", now)  # then the process died
    poster = RecordingPoster(existing={dt.date(2025, 3, 10): "m-already"})
    assert await deliver(config, now, _runner(store), poster) == "recovered"
    assert poster.posts == []
    assert store.digests.ledger()[0].message_id == "m-already"


async def test_claim_without_message_is_posted_after_restart(store):
    config = _config()
    now = dt.datetime(2025, 3, 10, 7, 5, tzinfo=UTC)
    store.digests.claim(config.channel, "2025-03-10", now)
    poster = RecordingPoster()
    assert await deliver(config, now, _runner(store), poster) == "posted"
    assert len(poster.posts) == 1


async def test_empty_day_can_be_skipped(store):
    config = _config(skip=True)
    poster = RecordingPoster()
    now = dt.datetime(2025, 3, 10, 7, 5, tzinfo=UTC)
    assert await deliver(config, now, _runner(store), poster) == "skipped empty"
    assert poster.posts == [] and store.digests.ledger()[0].posted_at is not None


def test_digest_setup_command_stores_the_channel(store):
    from commands import Env, run_line

    now = dt.datetime(2025, 3, 10, 7, 5, tzinfo=UTC)
    env = Env(seeds=__import__("pathlib").Path("."), is_admin=True, front="discord", guild="g1")
    reply = run_line("/digest-setup #news 08:00 Europe/Paris", store, now, env).to_json()
    assert reply["channel"] == "discord:news" and reply["timezone"] == "Europe/Paris"
    assert reply["next"] == "2025-03-11T08:00+01:00"
    run_line("/digest-setup other 09:00", store, now, env)
    assert [c.channel for c in store.channels.all()] == ["discord:other"]  # one per server


# --- the calendar's ends and stored settings the scheduler cannot read ------------------


@pytest.mark.parametrize("tz", ["America/New_York", "UTC", "Pacific/Kiritimati"])
def test_no_next_digest_past_the_calendar_end(tz):
    """At 9999-12-31 the next digest would fall in year 10000: there is none."""
    now = dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert next_due(_config(tz=tz, updated="9999-12-01T00:00:00+00:00"), now) is None


@pytest.mark.parametrize("tz", ["Asia/Tokyo", "UTC", "America/New_York"])
def test_no_digest_was_due_before_the_calendar_start(tz):
    now = dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.UTC)
    assert latest_due(_config(tz=tz, updated="0001-01-01T00:00:00+00:00"), now) is None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date.min, dt.date.min),
        (dt.date.min, dt.date.max),
        (dt.date(1, 1, 2), None),
        (dt.date.max, dt.date.max),
        (None, dt.date.max),
    ],
)
def test_a_published_digest_takes_the_calendar_ends(store, start, end):
    events = [
        extracted_event(["Russia", "Syria"], day=day, sentence=f"On {day}.")
        for day in (dt.date.min, dt.date.max)
    ]
    store.apply_reload(
        [
            (document(file=f"{d}.txt", sha256=f"{i}" * 64, published=d), [e])
            for i, (d, e) in enumerate(zip((dt.date.min, dt.date.max), events, strict=True), 1)
        ],
        [],
        NOW,
    )
    reply = published_digest(store, start, end)
    assert reply.total >= 0 and reply.start == (start.isoformat() if start else None)


@pytest.mark.parametrize(
    ("time", "tz"),
    [("08:00", "utc"), ("8:00", "Europe/Paris"), ("8.30", "europe/paris")],
)
def test_a_stored_setting_in_another_spelling_is_still_scheduled(time, tz):
    """Times and zones are read as /digest-setup reads them, whatever wrote the row."""
    now = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)
    assert next_due(_config(time=time, tz=tz), now) is not None


def _day_documents(day, sentences):
    from tests.factories import document, extracted_event

    return [
        (
            document(f"{day}-{i}.txt", sha256=f"{day}{i}".ljust(64, "0")[:64], published=day),
            [extracted_event(actors, places, day=day, sentence=sentence)],
        )
        for i, (sentence, actors, places) in enumerate(sentences)
    ]


def test_an_update_is_marked_only_when_the_previous_digest_showed_its_story(store):
    import datetime as dt

    from bot.digest.schedule import published_digest
    from tests.conftest import NOW

    first, second = dt.date(2025, 2, 10), dt.date(2025, 2, 11)
    grave = [
        (f"At least {40 + i} people are killed in Land{i}.", [f"Land{i}"], []) for i in range(4)
    ]
    senate = (
        "Chile's senate opens a debate on the budget in Valparaíso.",
        ["Chile"],
        ["Valparaíso"],
    )
    later = (
        "Chile's senate passes the budget in Valparaíso after a debate.",
        ["Chile"],
        ["Valparaíso"],
    )
    store.apply_reload(
        _day_documents(first, [*grave, senate]) + _day_documents(second, [later]), [], NOW
    )
    # The previous day's digest showed the senate story (5 stories, room for 5): an update.
    (story,) = published_digest(store, second, second, max_stories=5).stories
    assert story.update_of is not None and story.update_of.published[:10] == "2025-02-10"
    # With room for 4 the grave stories filled it: the senate was never seen, so it is new.
    (story,) = published_digest(store, second, second, max_stories=4).stories
    assert story.update_of is None
