"""The whole calendar, year 1 to 9999: every command that takes or shows a date answers
or refuses with what is accepted, also on a store holding events at both ends of it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import BadDate, BriefingError
from bot.fronts.charts import digest_chart, timeline_png
from bot.fronts.console.render import render
from bot.fronts.discord.render import render as render_discord
from bot.fronts.slack.render import render as render_slack
from bot.replies import TimelineReply
from bot.store import Store
from commands import registry, run_line
from tests.conftest import NOW
from tests.factories import command_env, document
from tests.factories import extracted_event as event

FIRST, LAST = dt.date.min, dt.date.max  # 0001-01-01, 9999-12-31


@pytest.fixture
def edge_store(store: Store) -> Store:
    """Russia's and Syria's events on the calendar's first and last days and in 2025,
    from documents published on those days too."""
    days = [FIRST, dt.date(1, 1, 9), dt.date(2025, 2, 10), dt.date(9999, 12, 27), LAST]
    store.apply_reload(
        [
            (
                document(file=f"{day}.txt", sha256=f"{i}" * 64, published=day),
                [event(["Russia", "Syria"], ["Tartus"], day=day, sentence=f"On {day}.")],
            )
            for i, day in enumerate(days, 1)
        ],
        [],
        NOW,
    )
    return store


def _renders(reply: object) -> None:
    """Every front renders it, and a timeline draws its chart."""
    assert render(reply)
    render_discord(reply, 0, today=NOW.date())
    render_slack(reply, 0, today=NOW.date())
    if isinstance(reply, TimelineReply) and reply.entity is not None:
        assert timeline_png(reply)


LINES = [
    "/since 0001-01-01",
    "/since 9999-12-31",
    "/since 0001",
    "/since 31 Dec 9999",
    "/timeline Russia",
    "/timeline Russia 0001-01-01",
    "/timeline Russia 0001-01-01 0001-01-31",
    "/timeline Russia 9999-12-01",
    "/timeline Russia 9999-12-31 9999-12-31",
    "/timeline Russia 0001-01-01 9999-12-31",
    "/timeline Syria 0001-01-01 2025-12-31",
    "/who Russia",
    "/where Russia",
    "/who Tartus",
    "/search On",
    "/sources",
    "/digest",
    "/following",
]


@pytest.mark.parametrize("line", LINES)
def test_a_store_with_events_at_both_ends_of_the_calendar_answers(edge_store, line):
    reply = run_line(line, edge_store, NOW, command_env(page_size=10))
    _renders(reply)


def test_the_timeline_charts_weeks_at_both_ends_of_the_calendar(edge_store):
    reply = run_line("/timeline Russia", edge_store, NOW, command_env())
    assert sorted(reply.series) == ["0001-01-01", "0001-01-08", "2025-02-10", "9999-12-27"]
    assert timeline_png(reply)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_digest_of_a_store_with_year_one_and_9999_composes(edge_store):
    reply = run_line("/digest", edge_store, NOW, command_env())
    assert reply.total >= 1
    digest_chart(reply, NOW.date())


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/since 0000-12-31", "Dates run from 0001-01-01 to 9999-12-31"),
        ("/since 10000-01-01", "Dates run from 0001-01-01 to 9999-12-31"),
        ("/timeline Russia 0000-01-01", "Dates run from 0001-01-01 to 9999-12-31"),
        ("/timeline Russia 2025-01-01 10000-01-01", "Dates run from 0001-01-01"),
        ("/since 3000 years ago", "Use a date like 2025-01-01"),
        ("/since 99999999 days ago", "Use a date like 2025-01-01"),
    ],
)
def test_a_date_off_the_calendar_is_refused_saying_so(edge_store, line, says):
    with pytest.raises(BadDate, match=says):
        run_line(line, edge_store, NOW, command_env())


@pytest.mark.parametrize(
    "text",
    [
        "-5 days ago",
        "- 5 days ago",
        "−5 days ago",
        "+3 days",
        "-3 days",
        "in 3 days",
        "tomorrow",
        "next monday",
        "5 days from now",
        "next year",
        "in a week",
    ],
)
def test_since_refuses_a_relative_date_that_points_ahead(edge_store, text):
    with pytest.raises(BadDate) as caught:
        run_line(f"/since {text}", edge_store, NOW, command_env())
    assert "future" in caught.value.message and "3 days ago" in caught.value.message
    assert text not in caught.value.message  # the reply never echoes what was typed


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("5 days ago", "2025-02-13"),
        ("yesterday", "2025-02-17"),
        ("today", "2025-02-18"),
        ("last monday", "2025-02-17"),
        ("2030-01-01", "2030-01-01"),
        ("1 Jan 2030", "2030-01-01"),
    ],
)
def test_since_takes_past_relative_dates_and_any_written_date(edge_store, text, day):
    assert run_line(f"/since {text}", edge_store, NOW, command_env()).start == day


def test_timeline_refuses_a_relative_end_in_the_future(edge_store):
    with pytest.raises(BadDate, match="future"):
        run_line("/timeline Russia 2025-01-01 tomorrow", edge_store, NOW, command_env())


@pytest.mark.parametrize("name", sorted(registry()))
@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "-5 days ago", "0000-01-01"])
def test_every_command_answers_or_refuses_calendar_edges(edge_store, name, text):
    env = command_env(page_size=10, is_admin=name != "reload")
    try:
        reply = run_line(f"/{name} Russia {text}", edge_store, NOW, env)
    except BriefingError as exc:
        assert exc.message
        return
    _renders(reply)
