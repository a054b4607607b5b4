"""`briefing` for a test process whose sharded Discord front must reach the loopback fake.

Given its shard count, discord.py dials Discord's own gateway address
(`DiscordWebSocket.DEFAULT_GATEWAY`) instead of asking `GET /gateway/bot`, so
DISCORD_API_BASE moves only the REST calls (docs/scaling.md). This entry points that
address at FAKE_DISCORD_GATEWAY, then runs the CLI unchanged:
`python -m tests.fronts.discord.briefing_on_fake run`.
"""

from __future__ import annotations

import os

import yarl
from discord.gateway import DiscordWebSocket

from bot.cli import main

if __name__ == "__main__":
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])
    main()
