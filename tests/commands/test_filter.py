"""/filter: a channel's rules for its digest and alerts, added, listed and removed by
admins, each value checked (an entity read as /who reads it, a section of the digest, a
keyword or outlet of sensible length), the digest's footer saying them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from bot.errors import BadInput, NotAllowed
from bot.store import Store
from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env

ADMIN = command_env(is_admin=True, front="discord", channel="discord:1", guild="g1")


@pytest.fixture
def seed_store(tmp_path, seed_db) -> Iterator[Store]:
    """A copy of the seed store of its own: the rules a test adds stay in it."""
    shutil.copy(seed_db, tmp_path / "briefing.db")
    with Store(tmp_path / "briefing.db") as store:
        yield store


def _filter(line: str, store, env=ADMIN):
    return run_line(line, store, NOW, env)


def test_rules_are_added_listed_and_removed(seed_store):
    added = _filter("/filter add exclude section sports", seed_store)
    assert added.message == "Added: not section Sports (digest and alerts)."
    assert (added.digest, added.alerts) == (["not section Sports"], ["not section Sports"])
    # An entity is read as /who reads it: the Kremlin is Russia.
    added = _filter("/filter add alerts include entity the Kremlin", seed_store)
    assert added.message == "Added: only entity Russia (alerts)."
    again = _filter("/filter add alerts only entity Russia", seed_store)
    assert again.message == "This channel has that rule already: only entity Russia (alerts)."
    listed = _filter("/filter list", seed_store)
    assert listed.lines() == [
        "Digest: not section Sports",
        "Alerts: only entity Russia; not section Sports",
    ]
    assert listed.to_json()["command"] == "filter"
    other = _filter("/filter list", seed_store, command_env(is_admin=True, channel="discord:2"))
    assert other.message.startswith("This channel has no filter") and other.lines() == []
    removed = _filter("/filter remove digest exclude section Sports", seed_store)
    assert removed.message == "Removed: not section Sports (digest)."
    assert removed.digest == [] and removed.alerts == ["only entity Russia", "not section Sports"]
    _filter('/filter add digest exclude keyword "naval base"', seed_store)
    assert _filter("/filter list", seed_store).digest == ["not keyword “naval base”"]
    # Included values of one kind are one choice, and each kind narrows the others: the
    # list says them so.
    _filter("/filter add alerts include entity Syria", seed_store)
    _filter("/filter add alerts include section Armed conflicts and attacks", seed_store)
    assert _filter("/filter list", seed_store).alerts == [
        "only entity Russia or Syria",
        "only section Armed conflicts and attacks",
        "not section Sports",
    ]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("/filter add", "/filter add needs a rule: /filter add [digest|alerts] include|exclude"),
        ("/filter add exclude Sports", "A rule needs include or exclude, a kind and a value"),
        ("/filter add maybe section Sports", "Say include or exclude before the kind"),
        ("/filter add exclude colour red", "'colour' is not a kind of rule: give entity, section"),
        ("/filter add exclude section Gardening", "is not a section of the digest: give one of"),
        ("/filter add exclude keyword ...", "Give the keyword the rule is about"),
        ("/filter add exclude keyword " + "x" * 150, "under 100 characters"),
        ("/filter add exclude keyword " + "x" * 500, "keep arguments under 200 characters"),
        ("/filter add include entity Atlantis", "No place, person or organisation"),
        ("/filter add include entity Tartu", "Did you mean: Tartus"),
        ("/filter drop exclude section Sports", "/filter does not know 'drop'"),
        ("/filter remove exclude section Sports", "This channel has no rule"),
    ],
)
def test_bad_rules_say_what_is_accepted(seed_store, line, said):
    with pytest.raises(BadInput) as caught:
        _filter(line, seed_store)
    assert said in caught.value.message
    assert seed_store.filters.of("discord:1") == []


def test_members_may_not_filter(seed_store):
    member = command_env(is_admin=False, admins="server admins", channel="discord:1")
    with pytest.raises(NotAllowed):
        _filter("/filter add exclude section Sports", seed_store, member)
    assert seed_store.filters.of("discord:1") == []


def test_the_digest_says_its_filter_and_leaves_out_what_it_excludes(seed_store):
    env = command_env(is_admin=True, front="console", channel="console")
    before = run_line("/digest", seed_store, NOW, env)
    assert before.filters == [] and any("Tartus" in s.lead.sentence for s in before.stories)
    _filter('/filter add digest exclude keyword "Tartus"', seed_store, env)
    after = run_line("/digest", seed_store, NOW, env)
    assert after.filters == ["not keyword “Tartus”"]
    assert not any("Tartus" in e.sentence for s in after.stories for e in s.reports)
    assert {s.rank for s in after.stories} < {s.rank for s in before.stories}


def test_digest_rules_belong_to_the_servers_digest_channel(seed_store):
    """Typed in any channel of a server whose digest goes to another: the digest rule is
    that digest's, the alert rule the channel's own."""
    seed_store.channels.set("discord:9", "g1", "08:00", "UTC", True, NOW)
    added = _filter("/filter add exclude section Sports", seed_store)
    assert added.message == "Added: not section Sports (the digest of <#9> and alerts)."
    assert [r.target for r in seed_store.filters.of("discord:9")] == ["digest"]
    assert [r.target for r in seed_store.filters.of("discord:1")] == ["alerts"]
    assert _filter("/filter list", seed_store).lines() == [
        "Digest: not section Sports",
        "Alerts: not section Sports",
    ]
    removed = _filter("/filter remove digest not section sports", seed_store)
    assert removed.message == "Removed: not section Sports (the digest of <#9>)."
    assert seed_store.filters.of("discord:9") == []


def test_digest_setup_says_the_digests_filter(seed_store):
    said = _filter("/digest-setup #9 08:00 UTC", seed_store)
    assert said.filters == [] and said.filter_line().startswith("No filter")
    seed_store.channels.set("discord:9", "g1", "08:00", "UTC", True, NOW)
    _filter("/filter add digest exclude section Sports", seed_store)
    said = _filter("/digest-setup #9 08:00 UTC", seed_store)
    assert said.filter_line() == "Filtered: not section Sports."
    assert said.to_json()["filters"] == ["not section Sports"]
