"""/unfollow <name> (admin): this channel stops following an entity."""

from __future__ import annotations

import datetime as dt

from bot.replies import FollowReply
from bot.store import Store
from commands import Command, Env, Param
from commands.follow import change


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> FollowReply:
    return change(
        "unfollow",
        store,
        args["name"],
        env,
        lambda name, _: store.follows.unfollow(env.channel, name),
        step=-1,
    )


COMMAND = Command(
    name="unfollow",
    description="Stop following a place, person or organisation in this channel.",
    handler=handle,
    params=(Param("name", "A name this channel follows, e.g. Tartus", kind="entity"),),
    admin=True,
    examples=("/unfollow Tartus",),
    slow=True,
    writes=True,
)
