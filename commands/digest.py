"""/digest: what the next daily digest would say now."""

from __future__ import annotations

import datetime as dt

from bot.digest.schedule import window_digest
from bot.replies import DigestReply
from bot.store import Store
from commands import Command, Env


def digest_channel(store: Store, env: Env) -> str:
    """The channel whose digest a command in this one is about: the server's digest
    channel when /digest-setup gave it one, else this channel."""
    return next(
        (c.channel for c in store.channels.all() if env.guild and c.guild == env.guild),
        env.channel,
    )


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> DigestReply:
    # Preview the digest of this server's digest channel when it has one.
    return window_digest(store, digest_channel(store, env), env.digest_stories)


COMMAND = Command(
    name="digest",
    description="Preview the daily digest: the top stories ingested since the last one.",
    handler=handle,
    examples=("/digest",),
    slow=True,
)
