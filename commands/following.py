"""/following: the entities this channel follows."""

from __future__ import annotations

import datetime as dt

from bot.replies import Followed, FollowingReply
from bot.store import Store
from commands import Command, Env


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> FollowingReply:
    return FollowingReply(
        env.channel,
        [
            Followed(name, kind, events)
            for name, kind, events in store.follows.following(env.channel)
        ],
    )


COMMAND = Command(
    name="following",
    description="List what this channel follows (its alerts and its digest's first stories).",
    handler=handle,
    examples=("/following",),
)
