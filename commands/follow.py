"""/follow <name> (admin): this channel follows an entity; its news comes first in the
channel's digest, and each reload that brings new items about it sends a short alert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.errors import BadInput
from bot.replies import FollowReply
from bot.store import Store
from commands import Command, Env, Param
from commands._names import Resolution, resolve

# A channel follows at most this many entities: a digest's "Following" stays short.
MAX_FOLLOWED = 50


def change(
    command: str,
    store: Store,
    typed: str,
    env: Env,
    act: Callable[[str, dict[str, str]], bool],
    step: int,
) -> FollowReply:
    """/follow (`step` 1) and /unfollow (-1): the entity `typed` names, `act(name,
    followed)` on it, and the reply with what changed and how many the channel follows
    now. To unfollow, a name the channel follows goes as written, even one the store no
    longer holds."""
    typed = " ".join(typed.split())
    followed = {name.lower(): name for name, _, _ in store.follows.following(env.channel)}
    found = Resolution(typed)
    if step < 0 and typed.lower() in followed:
        name = followed[typed.lower()]
        entity = store.entities.named(name)
    else:
        found = resolve(store, typed, pick=False)
        if found.entity is None:
            return FollowReply(
                command,
                found.query,
                None,
                suggestions=found.suggestions,
                candidates=found.candidates,
            )
        entity, name = found.entity, found.entity.name
    changed = act(name, followed)
    return FollowReply(
        command,
        found.query,
        name,
        entity,
        changed=changed,
        following=len(followed) + step * int(changed),
        asked_as=found.asked_as,
        candidates=found.candidates,
    )


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> FollowReply:
    def follow(name: str, followed: dict[str, str]) -> bool:
        if len(followed) >= MAX_FOLLOWED and name.lower() not in followed:
            raise BadInput(
                f"This channel already follows {MAX_FOLLOWED} entities, the most it may:"
                " /unfollow one first (/following lists them)."
            )
        return store.follows.follow(env.channel, name, now)

    return change("follow", store, args["name"], env, follow, step=1)


COMMAND = Command(
    name="follow",
    description="Follow a place, person or organisation in this channel: digest first, alerts.",
    handler=handle,
    params=(Param("name", "A place, person or organisation, e.g. Tartus", kind="entity"),),
    admin=True,
    examples=("/follow Tartus",),
    slow=True,
    writes=True,
)
