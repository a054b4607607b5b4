"""/feeds: subscribe by address, list with each feed's health, remove, resume; admins only."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import BadInput, NotAllowed
from bot.store import FeedUpdate
from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env

ADMIN = command_env(
    is_admin=True, front="discord", channel="discord:1", user="discord:42", feed_every=1800
)
BBC = "https://feeds.bbci.co.uk/news/world/rss.xml"


def _feeds(line: str, store, env=ADMIN):
    return run_line(line, store, NOW, env)


def test_add_subscribes_and_list_shows_the_feed(store):
    added = _feeds(f"/feeds add {BBC} BBC World", store)
    assert added.action == "add" and "Subscribed to 'BBC World'" in added.message
    assert "within a minute" in added.message
    feed = store.feeds.get("BBC World")
    assert (feed.url, feed.every_seconds, feed.full_text) == (BBC, 1800, False)
    assert (feed.added_by, feed.notify_channel) == ("discord:42", "discord:1")
    listed = _feeds("/feeds LIST", store)  # actions in any case
    assert [(f.name, f.url, f.every, f.status) for f in listed.feeds] == [
        ("BBC World", BBC, "30m", "active")
    ]
    assert listed.to_json()["command"] == "feeds"


EXAMPLE = "https://www.example.com/feed.xml"


@pytest.mark.parametrize(
    ("typed", "name", "url"),
    [
        (EXAMPLE, "example.com", EXAMPLE),
        (BBC, "feeds.bbci.co.uk", BBC),
        # As Discord (a link without preview) and Slack (a link and its label) write it.
        (f"<{EXAMPLE}>", "example.com", EXAMPLE),
        (f"<{EXAMPLE}|www.example.com/feed.xml>", "example.com", EXAMPLE),
    ],
)
def test_a_feed_without_a_name_is_named_after_its_host(store, typed, name, url):
    _feeds(f"/feeds add {typed}", store)
    assert [(f.name, f.url) for f in store.feeds.all()] == [(name, url)]


def test_the_same_address_twice_is_refused_saying_as_what(store):
    _feeds(f"/feeds add {BBC} BBC World", store)
    with pytest.raises(BadInput) as caught:
        _feeds(f"/feeds add {BBC} Another", store)
    assert "already subscribed as 'BBC World'" in caught.value.message
    assert [f.name for f in store.feeds.all()] == ["BBC World"]


def test_a_name_taken_asks_for_another_after_the_address(store):
    _feeds(f"/feeds add {BBC} News", store)
    with pytest.raises(BadInput) as caught:
        _feeds("/feeds add https://example.com/feed.xml news", store)
    assert "A feed named 'News'" in caught.value.message
    assert "/feeds add <url> <name>" in caught.value.message


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ftp://example.com/feed.xml", "Only http and https feeds"),
        ("http://user:pw@example.com/feed.xml", "may not carry a user name or password"),
        ("http://127.0.0.1/feed", "loopback address"),
        ("http://[::1]/feed", "loopback address"),
        ("http://169.254.169.254/latest", "link-local"),
        ("example.com/feed.xml", "http:// or https://"),
        ("http://2130706433/feed", "IP address in a legacy form"),  # 127.0.0.1 as a number
        ("http://0x7f.1/feed", "IP address in a legacy form"),
    ],
)
def test_addresses_the_fetcher_may_not_ask_are_refused_saying_why(store, url, said):
    with pytest.raises(BadInput) as caught:
        _feeds(f"/feeds add {url}", store)
    assert said in caught.value.message
    assert store.feeds.all() == []


def test_a_private_address_is_accepted_when_the_deployment_allows_it(store):
    allowed = command_env(is_admin=True, channel="console", feeds_allow_private=True)
    _feeds("/feeds add http://127.0.0.1/feed Local", store, allowed)
    assert store.feeds.get("Local").url == "http://127.0.0.1/feed"


def test_remove_unsubscribes(store):
    _feeds(f"/feeds add {BBC} BBC World", store)
    removed = _feeds("/feeds remove bbc world", store)  # names in any case
    assert "Unsubscribed from 'BBC World'" in removed.message
    assert store.feeds.all() == []


def test_removing_an_unknown_name_lists_the_names(store):
    _feeds(f"/feeds add {BBC} BBC World", store)
    _feeds("/feeds add https://example.com/feed.xml", store)
    with pytest.raises(BadInput) as caught:
        _feeds("/feeds remove Reuters", store)
    assert "No feed is named 'Reuters'" in caught.value.message
    assert "the feeds are: BBC World, example.com" in caught.value.message
    assert len(store.feeds.all()) == 2


def test_removing_with_no_feeds_says_how_to_add_one(store):
    with pytest.raises(BadInput) as caught:
        _feeds("/feeds remove Reuters", store)
    assert "no feeds are subscribed" in caught.value.message


def _pause(store, name: str) -> None:
    feed = store.feeds.get(name)
    later = NOW + dt.timedelta(minutes=1)
    store.feeds.record(
        feed.id,
        FeedUpdate(later, later, ok=False, status=410, error="gone", paused_reason="gone (410)"),
    )


def test_resume_makes_a_paused_feed_active_again(store):
    _feeds(f"/feeds add {BBC} BBC World", store)
    _pause(store, "BBC World")
    assert _feeds("/feeds list", store).feeds[0].paused_reason == "gone (410)"
    resumed = _feeds("/feeds resume BBC World", store)
    assert "Resumed 'BBC World'" in resumed.message
    assert store.feeds.get("BBC World").status == "active"


def test_resuming_an_active_feed_changes_nothing(store):
    _feeds(f"/feeds add {BBC} BBC World", store)
    assert "is not paused" in _feeds("/feeds resume BBC World", store).message


def test_members_may_not_use_feeds(store):
    member = command_env(is_admin=False, admins="server admins")
    for line in (f"/feeds add {BBC}", "/feeds list"):
        with pytest.raises(NotAllowed) as caught:
            _feeds(line, store, member)
        assert "/feeds is for server admins only" in caught.value.message
    assert store.feeds.all() == []


@pytest.mark.parametrize("line", ["/feeds delete BBC", "/feeds https://example.com/feed.xml"])
def test_an_unknown_action_lists_the_actions(store, line):
    with pytest.raises(BadInput) as caught:
        _feeds(line, store)
    assert "add, remove, list, resume" in caught.value.message


@pytest.mark.parametrize(
    ("line", "said"),
    [("/feeds add", "needs the feed's address"), ("/feeds remove", "needs the feed's name")],
)
def test_an_action_without_its_feed_says_what_it_needs(store, line, said):
    with pytest.raises(BadInput) as caught:
        _feeds(line, store)
    assert said in caught.value.message
