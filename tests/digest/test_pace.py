"""A channel's pace: a burst of news gives at most N alert messages an hour and one more
with everything held, nothing lost; quiet hours, across a change of clocks, hold alerts
and deliver them once, as one message, when they end."""

from __future__ import annotations

import datetime as dt

from bot.digest.alerts import deliver_alerts
from bot.store import Pace
from tests.conftest import NOW
from tests.digest.test_alerts import Poster, _names, _runner
from tests.factories import Clock, document, extracted_event, unlike

CHANNEL = "discord:1"


def _news(store, n: int, at: dt.datetime, count: int = 1) -> None:
    """`count` new items about Russia in one new document: one story, unlike the others."""
    place = f"Town{n}"
    events = [
        extracted_event(["Russia"], [place], sentence=f"Russia {unlike(n)} {i}.")
        for i in range(count)
    ]
    store.apply_reload([(document(f"n{n}.txt", sha256=f"{n:064d}"), events)], [], at)


def test_quiet_hours_read_the_channels_own_clock():
    paris = Pace(CHANNEL, quiet_start="22:00", quiet_end="07:00", timezone="Europe/Paris")
    at = lambda text: dt.datetime.fromisoformat(text)  # noqa: E731
    assert paris.quiet(at("2025-07-01T21:30:00+00:00"))  # 23:30 in Paris (summer)
    assert not paris.quiet(at("2025-07-01T05:30:00+00:00"))  # 07:30 in Paris
    assert paris.quiet(at("2025-01-15T05:30:00+00:00"))  # 06:30 in Paris (winter)
    day = Pace(CHANNEL, quiet_start="12:00", quiet_end="13:00")
    assert day.quiet(at("2025-07-01T12:59:00+00:00")) and not day.quiet(
        at("2025-07-01T13:00:00+00:00")
    )
    assert Pace(CHANNEL).held(at("2025-07-01T12:00:00+00:00"), 1000) is None


async def test_a_burst_gives_at_most_n_messages_and_one_fold_nothing_lost(store):
    store.follows.follow(CHANNEL, "Russia", NOW)
    store.pace.set(Pace(CHANNEL, alerts_per_hour=3), NOW)
    poster, run, clock, names = Poster(), _runner(store), Clock(NOW), _names()
    # 200 items in a minute: 20 reloads of 10, an alert send after each.
    for n in range(20):
        clock.now = NOW + dt.timedelta(seconds=3 * n)
        _news(store, n, clock.now, count=10)
        await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert len(poster.posted) == 3  # the hour's three; the rest wait, unclaimed
    assert [r.stories for r in poster.posted] == [1, 1, 1]  # a story each
    clock.now = NOW + dt.timedelta(hours=1, minutes=1)
    outcomes = await deliver_alerts(CHANNEL, clock, run, poster, names)
    # Then every story held, in one message.
    assert outcomes == ["posted"] and len(poster.posted) == 4
    assert poster.posted[-1].stories == 17
    said = [e.sentence for reply in poster.posted for g in reply.groups for e in g.events]
    totals = sum(reply.total for reply in poster.posted)
    assert totals == 200  # every item once, none lost
    assert len(set(said)) == len(said)  # (the fold lists its first items, counts the rest)
    assert poster.posted[-1].total == 170
    assert poster.edits == {} and poster.in_thread == {}
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == []


async def test_quiet_hours_across_a_change_of_clocks_deliver_once(store):
    """Paris's clocks go forward at 02:00 on 30 March 2025: quiet hours 01:00-04:00 last
    two real hours that night; what came in them goes once, at 04:00 local."""
    store.follows.follow(CHANNEL, "Russia", NOW)
    store.pace.set(Pace(CHANNEL, None, "01:00", "04:00", "Europe/Paris"), NOW)
    poster, run, clock, names = Poster(), _runner(store), Clock(NOW), _names()
    night = dt.datetime(2025, 3, 30, tzinfo=dt.UTC)
    for n, utc in enumerate(("00:30", "01:10", "01:50")):  # 01:30, 03:10, 03:50 in Paris
        clock.now = dt.datetime.fromisoformat(f"2025-03-30T{utc}:00+00:00")
        _news(store, n, clock.now)
        outcomes = await deliver_alerts(CHANNEL, clock, run, poster, names)
        assert outcomes == ["held: quiet hours until 04:00 (Europe/Paris)"]
    assert poster.posted == []
    clock.now = night + dt.timedelta(hours=2)  # 04:00 in Paris
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == ["posted"]
    clock.now += dt.timedelta(minutes=5)
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == []
    ((reply),) = poster.posted
    assert reply.total == 3
