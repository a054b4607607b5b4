"""A loopback fake of Discord's HTTP API and gateway, for driving the real discord.py client.

The fake is an aiohttp server bound to 127.0.0.1 (port 0). Point discord.py at it with::

    discord.http.Route.BASE = fake.api_base      # "http://127.0.0.1:PORT/api/v10"

before ``bot.start(token)``. ``GET /gateway/bot`` then hands the client ``fake.gateway_url``, the
interaction callback and follow-up webhooks are built from ``Route.BASE`` too, so nothing else has
to be patched. Use a small ``guild_ready_timeout`` (e.g. 0.1) on the client: discord.py waits that
long after the last GUILD_CREATE before it dispatches ``ready`` (2 s by default).

Payload shapes follow discord.py 2.7's own parsers (state.py, guild.py, member.py, message.py,
interactions.py, app_commands/). Every HTTP request is recorded (:class:`RecordedRequest`); tests
wait on them with :meth:`FakeDiscord.wait_for` / :meth:`FakeDiscord.responses_for` instead of
sleeping. Unknown routes answer 404 like Discord and are listed in :attr:`FakeDiscord.unexpected`.

Stop the bot before stopping the fake, or the client will try to reconnect to a closed port.
"""

from tests.fakes.discord_api.protocol import JSON
from tests.fakes.discord_api.records import RecordedRequest, SentInteraction, UploadedFile
from tests.fakes.discord_api.server import FakeDiscord

__all__ = ["JSON", "FakeDiscord", "RecordedRequest", "SentInteraction", "UploadedFile"]
