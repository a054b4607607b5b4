"""/follow, /unfollow and /following: a channel's follow list, names read like /who."""

from __future__ import annotations

import pytest

from bot.errors import BadInput, NotAllowed
from bot.replies import Candidate
from commands import run_line
from commands.follow import MAX_FOLLOWED
from tests.conftest import NOW
from tests.factories import command_env, document, extracted_event

ADMIN = command_env(is_admin=True, front="discord", channel="discord:1")


@pytest.fixture
def people(store):
    events = [
        extracted_event(["Russia"], sentence="Russia moved."),
        extracted_event(
            ["Bashar al-Assad"], sentence="Assad fled.", kinds={"Bashar al-Assad": "person"}
        ),
        extracted_event(
            ["Ahmad al-Sharaa"], sentence="Sharaa spoke.", kinds={"Ahmad al-Sharaa": "person"}
        ),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    return store


def test_follow_reads_the_name_like_who_and_keeps_it_per_channel(people):
    reply = run_line("/follow russia", people, NOW, ADMIN)
    assert (reply.name, reply.changed, reply.following) == ("Russia", True, 1)
    assert people.follows.following("discord:1") == [("Russia", "country", 1)]
    again = run_line("/follow Russia", people, NOW, ADMIN)
    assert (again.changed, again.following) == (False, 1)
    elsewhere = command_env(is_admin=True, front="discord", channel="discord:2")
    assert run_line("/following", people, NOW, elsewhere).entities == []


def test_an_ambiguous_name_offers_the_candidates_who_gives(people):
    follow = run_line("/follow al", people, NOW, ADMIN)
    who = run_line("/who al", people, NOW, ADMIN)
    # /who shows the most linked and lists the others; /follow follows none of them.
    assert follow.name is None and who.entity is not None
    assert follow.candidates == [
        Candidate(who.entity.name, who.entity.kind, who.total),
        *who.candidates,
    ]
    assert len(follow.candidates) == 2
    assert people.follows.following("discord:1") == []


def test_an_unknown_name_gets_close_spellings_and_follows_nothing(people):
    follow = run_line("/follow Rusia", people, NOW, ADMIN)
    assert follow.name is None and "Russia" in follow.suggestions
    assert people.follows.following("discord:1") == []


@pytest.mark.parametrize("line", ["/follow Russia", "/unfollow Russia"])
def test_following_changes_are_for_admins(people, line):
    with pytest.raises(NotAllowed):
        run_line(line, people, NOW, command_env(front="discord", channel="discord:1"))


def test_following_is_open_to_everyone(people):
    run_line("/follow Russia", people, NOW, ADMIN)
    member = command_env(front="discord", channel="discord:1")
    (followed,) = run_line("/following", people, NOW, member).entities
    assert (followed.name, followed.kind, followed.events) == ("Russia", "country", 1)


def test_unfollow_by_any_spelling_the_resolver_reads(people):
    run_line("/follow Bashar al-Assad", people, NOW, ADMIN)
    reply = run_line("/unfollow assad", people, NOW, ADMIN)
    assert (reply.name, reply.changed, reply.following) == ("Bashar al-Assad", True, 0)
    assert run_line("/unfollow assad", people, NOW, ADMIN).changed is False


def test_a_followed_name_no_longer_in_the_store_can_be_unfollowed(people):
    run_line("/follow Russia", people, NOW, ADMIN)
    people.apply_reload([], ["a.txt"], NOW)
    reply = run_line("/unfollow russia", people, NOW, ADMIN)
    assert (reply.name, reply.entity, reply.changed) == ("Russia", None, True)


def test_a_channel_follows_at_most_so_many(store):
    names = [f"Land{i}" for i in range(MAX_FOLLOWED + 1)]
    events = [extracted_event([n], sentence=f"{n} moved.") for n in names]
    store.apply_reload([(document(), events)], [], NOW)
    for name in names[:MAX_FOLLOWED]:
        store.follows.follow("discord:1", name, NOW)
    with pytest.raises(BadInput, match="/unfollow one first"):
        run_line(f"/follow {names[-1]}", store, NOW, ADMIN)
    assert run_line(f"/follow {names[0]}", store, NOW, ADMIN).changed is False


def test_the_json_names_what_was_followed(people):
    payload = run_line("/follow the Russia", people, NOW, ADMIN).to_json()
    assert payload["command"] == "follow" and payload["name"] == "Russia"
    assert payload["entity"]["kind"] == "country" and payload["changed"] is True
    listed = run_line("/following", people, NOW, ADMIN).to_json()
    assert listed["entities"] == [{"name": "Russia", "kind": "country", "events": 1}]
