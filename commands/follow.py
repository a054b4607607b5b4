"""/follow <name> (admin): this channel follows an entity; its news comes first in the
channel's digest, and each reload that brings new items about it sends a short alert."""

from __future__ import annotations

import datetime as dt

from bot.errors import BadInput
from bot.replies import FollowReply
from bot.store import Store
from commands import Command, Env, Param
from commands._names import Resolution, resolve

# A channel follows at most this many entities: a digest's "Following" stays short.
MAX_FOLLOWED = 50


def unresolved(command: str, found: Resolution) -> FollowReply:
    """The reply to a name that reached no single entity: candidates or close spellings."""
    return FollowReply(
        command, found.query, None, suggestions=found.suggestions, candidates=found.candidates
    )


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> FollowReply:
    found = resolve(store, args["name"], pick=False)
    entity = found.entity
    if entity is None:
        return unresolved("follow", found)
    followed = {name.lower() for name, _, _ in store.follows.following(env.channel)}
    if len(followed) >= MAX_FOLLOWED and entity.name.lower() not in followed:
        raise BadInput(
            f"This channel already follows {MAX_FOLLOWED} entities, the most it may:"
            " /unfollow one first (/following lists them)."
        )
    changed = store.follows.follow(env.channel, entity.name, now)
    return FollowReply(
        "follow",
        found.query,
        entity.name,
        entity,
        changed=changed,
        following=len(followed) + int(changed),
        asked_as=found.asked_as,
        candidates=found.candidates,
    )


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
