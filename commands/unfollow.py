"""/unfollow <name> (admin): this channel stops following an entity."""

from __future__ import annotations

import datetime as dt

from bot.replies import FollowReply
from bot.store import Store
from commands import Command, Env, Param
from commands._names import resolve
from commands.follow import unresolved


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> FollowReply:
    typed = " ".join(args["name"].split())
    followed = {name.lower(): name for name, _, _ in store.follows.following(env.channel)}
    asked_as = None
    if typed.lower() in followed:
        # A followed name goes as written, even one the store no longer holds.
        name = followed[typed.lower()]
        entity = store.entities.named(name)
    else:
        found = resolve(store, typed, pick=False)
        if found.entity is None:
            return unresolved("unfollow", found)
        entity, name, asked_as = found.entity, found.entity.name, found.asked_as
    changed = store.follows.unfollow(env.channel, name)
    return FollowReply(
        "unfollow",
        typed,
        name,
        entity,
        changed=changed,
        following=len(followed) - int(changed),
        asked_as=asked_as,
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
