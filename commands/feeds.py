"""/feeds <action> [feed] (admin): follow news feeds by address.

`/feeds add <url> [name]` subscribes (named after the address's host when no name is
given), `/feeds remove <name>` unsubscribes, `/feeds resume <name>` makes a paused feed
active again, `/feeds list` shows each feed's health. A feed added here sends its health
notices to the channel it was added from; its first fetch follows the command at once.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from bot.errors import BadInput
from bot.feeds.guard import Refused, check_address, check_url
from bot.replies import FeedsReply, FeedStatus
from bot.store import Store
from bot.store.feeds import FeedTaken
from commands import Command, Effect, Env, Param

ACTIONS = ("add", "remove", "list", "resume")
MAX_NAME_CHARS = 100
ADD_USAGE = "/feeds add <url> [name], e.g. /feeds add https://example.com/feed.xml Example News"


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> FeedsReply:
    action = args["action"].lower()
    rest = " ".join(args.get("feed", "").split())
    if action == "add":
        return add(store, rest, now, env)
    if action == "list":
        return listed(store)
    if action in ("remove", "resume"):
        if not rest:
            raise BadInput(f"/feeds {action} needs the feed's name: /feeds {action} <name>.")
        return remove(store, rest) if action == "remove" else resume(store, rest, now)
    raise BadInput(
        f"/feeds does not know '{action[:40]}': give one of {', '.join(ACTIONS)}, e.g. {ADD_USAGE}."
    )


def add(store: Store, rest: str, now: dt.datetime, env: Env) -> FeedsReply:
    """Subscribe to the address the first word gives, named by the words after it."""
    typed, _, name = rest.partition(" ")
    if not typed:
        raise BadInput(f"/feeds add needs the feed's address: {ADD_USAGE}.")
    url = check_url(_address(typed))
    host = urlsplit(url).hostname or ""
    try:
        check_address(host, env.feeds_allow_private)
    except Refused as refused:
        raise BadInput(f"That address is not fetched: {refused.reason}.") from None
    name = name or host.removeprefix("www.")
    if len(name) > MAX_NAME_CHARS:
        raise BadInput(f"Keep a feed's name under {MAX_NAME_CHARS} characters.")
    try:
        feed = store.feeds.add(
            name,
            url,
            env.feed_every,
            full_text=False,
            now=now,
            added_by=env.user,
            notify_channel=env.channel,
        )
    except FeedTaken:
        raise _taken(store, name, url) from None
    return FeedsReply(
        "add",
        f"Subscribed to '{feed.name}' ({feed.url}): it is fetched within a minute, then"
        f" every {FeedStatus.of(feed).every}; its health notices come to this channel.",
        [FeedStatus.of(feed)],
    )


def _address(typed: str) -> str:
    """The address out of the angle brackets chat writes links in: <https://…> (Discord's
    link without a preview), <https://…|label> (how Slack sends a link)."""
    if typed.startswith("<") and typed.endswith(">"):
        return typed[1:-1].split("|", 1)[0]
    return typed


def _taken(store: Store, name: str, url: str) -> BadInput:
    """Why a subscription was refused, in chat's words (the store's speak of --name)."""
    feeds = store.feeds.all()
    same = next((f for f in feeds if f.url == url), None)
    if same is not None:
        return BadInput(
            f"That address is already subscribed as '{same.name}': /feeds list shows its"
            f" health, /feeds remove {same.name} unsubscribes."
        )
    named = next((f for f in feeds if f.name.lower() == name.lower()), None)
    taken = f"'{named.name}' ({named.url})" if named else f"'{name}'"
    return BadInput(
        f"A feed named {taken} is already subscribed: give this one another name after"
        " its address, /feeds add <url> <name>."
    )


def listed(store: Store) -> FeedsReply:
    feeds = [FeedStatus.of(f) for f in store.feeds.all()]
    if not feeds:
        return FeedsReply("list", f"No feeds are subscribed: {ADD_USAGE}.")
    paused = any(f.paused for f in feeds)
    return FeedsReply(
        "list",
        f"{len(feeds)} feed{'' if len(feeds) == 1 else 's'} subscribed"
        + (": a paused one is fetched again after /feeds resume <name>." if paused else ":"),
        feeds,
    )


def _unknown(store: Store, name: str) -> BadInput:
    names = [f.name for f in store.feeds.all()]
    known = (
        f"the feeds are: {', '.join(names)}"
        if names
        else "no feeds are subscribed (/feeds add <url> [name] adds one)"
    )
    return BadInput(f"No feed is named '{name[:MAX_NAME_CHARS]}': {known}.")


def remove(store: Store, name: str) -> FeedsReply:
    feed = store.feeds.remove(name)
    if feed is None:
        raise _unknown(store, name)
    return FeedsReply(
        "remove",
        f"Unsubscribed from '{feed.name}' ({feed.url}): it is fetched no more; the items it"
        " gave stay in the store.",
    )


def resume(store: Store, name: str, now: dt.datetime) -> FeedsReply:
    feed = store.feeds.get(name)
    if feed is None:
        raise _unknown(store, name)
    if not feed.paused:
        return FeedsReply(
            "resume", f"'{feed.name}' is not paused: nothing to resume.", [FeedStatus.of(feed)]
        )
    resumed = store.feeds.resume(feed.name, now)
    assert resumed is not None
    return FeedsReply(
        "resume",
        f"Resumed '{resumed.name}': it is fetched again within a minute.",
        [FeedStatus.of(resumed)],
    )


COMMAND = Command(
    name="feeds",
    description="Follow news feeds (RSS, Atom, JSON Feed) by address: add, remove, resume, list.",
    handler=handle,
    params=(
        Param("action", "add, remove, resume or list"),
        Param(
            "feed",
            "add: the feed's address, then a name if you like; remove, resume: its name",
            required=False,
        ),
    ),
    admin=True,
    examples=(
        "/feeds add https://feeds.bbci.co.uk/news/world/rss.xml BBC World",
        "/feeds list",
        "/feeds remove BBC World",
    ),
    slow=True,
    writes=True,
    after=(Effect.FETCH_FEEDS,),
)
