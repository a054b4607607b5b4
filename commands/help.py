"""/help: the commands and how to use them."""

from __future__ import annotations

import datetime as dt

from bot.replies import HelpEntry, HelpReply
from bot.store import Store
from commands import Command, Env, registry


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> HelpReply:
    return HelpReply(
        [
            HelpEntry(c.name, c.usage, c.description, c.admin)
            for c in registry().values()
            if env.is_admin or not c.admin
        ]
    )


COMMAND = Command(
    name="help",
    description="List the commands and what they do.",
    handler=handle,
    examples=("/help",),
)
