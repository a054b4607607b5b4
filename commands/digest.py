"""/digest: what the daily digest would say now."""

from __future__ import annotations

import datetime as dt

from bot.digest.compose import compose
from bot.replies import DigestReply
from bot.store import Store
from commands import Command, Env


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> DigestReply:
    # Preview the digest of this server's digest channel when it has one.
    channel = next(
        (c.channel for c in store.digest_channels() if env.guild and c.guild == env.guild),
        env.channel,
    )
    since = store.last_digest_at(channel)
    return compose(store.events_ingested_since(since), since)


COMMAND = Command(
    name="digest",
    description="Preview the daily digest: news ingested since the last one, by entity.",
    handler=handle,
    examples=("/digest",),
    slow=True,
)
