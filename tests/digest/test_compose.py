"""The digest composer merges one event reported by several sources."""

from __future__ import annotations

from bot.digest.compose import compose
from tests.factories import stored_event as _ev


def test_same_event_from_two_sources_is_one_line_citing_both():
    reply = compose(
        [
            _ev(1, "Russia is nearing a deal with Syria on its bases.", attribution="Bloomberg"),
            _ev(
                2,
                "Russia is nearing a deal with Syria on its bases, sources say.",
                attribution="Reuters",
                file="b.txt",
            ),
            _ev(3, "Ukraine engaged with Syria.", actors=("Ukraine",)),
        ],
        None,
    )
    assert reply.total == 2
    russia = next(g for g in reply.groups if g.entity == "Russia")
    assert russia.items[0].sources == ["Bloomberg", "Reuters"]


def test_different_events_stay_apart():
    reply = compose([_ev(1, "Russia deployed troops."), _ev(2, "Russia withdrew assets.")], None)
    assert reply.total == 2


def test_empty_digest():
    assert compose([], "2025-02-18").to_json() == {
        "command": "digest",
        "since": "2025-02-18",
        "groups": [],
        "total": 0,
    }
