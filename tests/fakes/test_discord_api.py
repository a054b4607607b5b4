"""The real discord.py client (AutoShardedBot) against the loopback FakeDiscord."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.fakes.discord_api import FakeDiscord, RecordedRequest

TOKEN = "fake.bot.token-0123456789abcdefghijklmnopqrstuvwxyz"
MANAGE_GUILD = str(1 << 5)


class EchoView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Again", custom_id="echo:again", style=discord.ButtonStyle.primary)
    async def again(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="clicked", view=None)


def make_bot(guild_id: int) -> commands.AutoShardedBot:
    intents = discord.Intents.none()
    intents.guilds = True
    bot = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned,
        intents=intents,
        allowed_mentions=discord.AllowedMentions.none(),
        help_command=None,
        guild_ready_timeout=0.05,  # discord.py waits this long after the last GUILD_CREATE
    )
    guild = discord.Object(id=guild_id)

    @app_commands.command(name="echo", description="Echo text back")
    @app_commands.describe(text="What to echo")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, view=EchoView())

    @echo.autocomplete("text")
    async def echo_complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"{current} {n}", value=f"{current}-{n}") for n in "ab"]

    @app_commands.command(name="later", description="Deferred echo into a channel")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def later(
        interaction: discord.Interaction, text: str, where: discord.TextChannel, times: int = 1
    ) -> None:
        await interaction.response.defer(thinking=True)
        for n in range(times):
            await interaction.followup.send(f"{text} #{n} in {where.name}")
        if times > 1:
            first = await interaction.original_response()
            await interaction.edit_original_response(content=f"{first.content} (done)")

    @later.error
    async def later_error(interaction: discord.Interaction, error: Exception) -> None:
        await interaction.response.send_message("You need Manage Server.", ephemeral=True)

    bot.tree.add_command(echo, guild=guild)
    bot.tree.add_command(later, guild=guild)

    async def setup_hook() -> None:
        await bot.tree.sync(guild=guild)

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[commands.AutoShardedBot]:
    old_base = Route.BASE
    Route.BASE = fake.api_base
    client = make_bot(int(fake.guild_id))
    runner = asyncio.create_task(client.start(TOKEN))
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait({runner, ready}, timeout=10, return_when="FIRST_COMPLETED")
        if runner in done:
            runner.result()  # raises the startup error
            pytest.fail("bot.start returned before ready")
        if ready not in done:
            pytest.fail("bot did not become ready within 10 s")
        yield client
    finally:
        ready.cancel()
        await client.close()
        await asyncio.wait_for(runner, timeout=10)
        Route.BASE = old_base
    assert fake.unexpected == []
    assert fake.token_leaks(TOKEN) == []


def callback(requests: list[RecordedRequest]) -> RecordedRequest:
    assert requests[0].path.endswith("/callback")
    return requests[0]


async def test_connects_and_handles_ready(fake: FakeDiscord, bot: commands.AutoShardedBot) -> None:
    guild = bot.get_guild(int(fake.guild_id))
    assert guild is not None and guild.name == "Fake Guild"
    assert guild.owner_id == int(fake.owner_id)
    assert guild.me is not None and guild.me.id == int(fake.bot_id)
    assert {c.id for c in guild.text_channels} == {
        int(fake.channel_id),
        int(fake.second_channel_id),
    }
    assert bot.user is not None and bot.user.id == int(fake.bot_id)
    assert bot.application_id == int(fake.application_id)

    assert len(fake.identifies) == 1
    identify = fake.identifies[0]
    assert identify["token"] == TOKEN
    assert identify["intents"] == bot.intents.value
    assert identify["shard"] == [0, 1]
    assert fake.gateway_queries[0]["v"] == "10"
    assert fake.gateway_queries[0]["encoding"] == "json"
    beat = await fake.wait_for_gateway(lambda f: f["op"] == 1, timeout=5)
    assert beat["op"] == 1  # answered with op 11

    login = await fake.wait_for(method="GET", path="/users/@me")
    assert login.headers["Authorization"] == f"Bot {TOKEN}"
    await fake.wait_for(method="GET", path="/gateway/bot")


async def test_guild_commands_synced(fake: FakeDiscord, bot: commands.AutoShardedBot) -> None:
    put = await fake.wait_for(
        method="PUT", path=f"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    )
    assert put.status == 200
    by_name = {c["name"]: c for c in put.json}
    assert set(by_name) == {"echo", "later"}
    assert by_name["echo"]["type"] == 1
    assert by_name["echo"]["description"] == "Echo text back"
    assert by_name["echo"]["options"] == [
        {
            "type": 3,
            "name": "text",
            "description": "What to echo",
            "required": True,
            "autocomplete": True,
        }
    ]
    later = {o["name"]: o for o in by_name["later"]["options"]}
    assert later["where"]["type"] == 7 and later["where"]["channel_types"] == [0, 5]
    assert later["times"]["type"] == 4 and later["times"]["required"] is False
    stored = fake.commands(fake.guild_id)
    assert [c["name"] for c in stored] == [c["name"] for c in put.json]
    assert all(c["id"] and c["guild_id"] == fake.guild_id for c in stored)
    assert fake.commands() == []  # nothing global


async def test_slash_command_answered(fake: FakeDiscord, bot: commands.AutoShardedBot) -> None:
    sent = await fake.send_command("echo", [{"name": "text", "type": 3, "value": "hi @everyone"}])
    cb = callback(await fake.responses_for(sent))
    assert cb.query.get("with_response") == "1"
    assert cb.json["type"] == 4
    data = cb.json["data"]
    assert data["content"] == "hi @everyone"
    assert data["allowed_mentions"] == {"parse": []}
    button = data["components"][0]["components"][0]
    assert button["custom_id"] == "echo:again"
    assert "Authorization" not in cb.headers

    original = fake.original_response(sent)
    assert original is not None and original["content"] == "hi @everyone"
    assert fake.channel_messages(fake.channel_id)[-1]["id"] == original["id"]


async def test_button_click_answered(fake: FakeDiscord, bot: commands.AutoShardedBot) -> None:
    sent = await fake.send_command("echo", [{"name": "text", "type": 3, "value": "press me"}])
    await fake.responses_for(sent)
    original = fake.original_response(sent)
    assert original is not None

    click = await fake.click(original["id"], "echo:again")
    cb = callback(await fake.responses_for(click))
    assert cb.json["type"] == 7
    assert cb.json["data"]["content"] == "clicked"
    assert cb.json["data"]["components"] == []
    edited = fake.message(original["id"])
    assert edited["content"] == "clicked" and edited["components"] == []


async def test_autocomplete_round_trip(fake: FakeDiscord, bot: commands.AutoShardedBot) -> None:
    sent = await fake.send_autocomplete(
        "echo", [{"name": "text", "type": 3, "value": "par"}], focused="text"
    )
    cb = callback(await fake.responses_for(sent))
    assert cb.json == {
        "type": 8,
        "data": {
            "choices": [{"name": "par a", "value": "par-a"}, {"name": "par b", "value": "par-b"}]
        },
    }
    assert cb.status == 200


async def test_deferred_answer_and_followups(
    fake: FakeDiscord, bot: commands.AutoShardedBot
) -> None:
    options = [
        {"name": "text", "type": 3, "value": "brief"},
        {"name": "where", "type": 7, "value": fake.second_channel_id},
        {"name": "times", "type": 4, "value": 2},
    ]
    sent = await fake.send_command("later", options, user_id=fake.owner_id)
    assert fake.second_channel_id in sent.payload["data"]["resolved"]["channels"]
    requests = await fake.responses_for(sent, count=5)
    cb, first, second, get, patch = requests
    assert cb.json == {"type": 5}
    assert cb.response["interaction"]["response_message_loading"] is True
    hook = f"/webhooks/{fake.application_id}/{sent.token}"
    assert (first.method, first.path, first.query["wait"]) == ("POST", hook, "1")
    assert first.json["content"] == "brief #0 in news"
    assert first.json["allowed_mentions"] == {"parse": []}
    assert second.json["content"] == "brief #1 in news"

    assert (get.method, get.path) == ("GET", f"{hook}/messages/@original")
    assert (patch.method, patch.path) == ("PATCH", f"{hook}/messages/@original")
    assert patch.json["content"] == "brief #0 in news (done)"

    # The first follow-up after a defer replaces the "thinking" message, later ones are new.
    original = fake.original_response(sent)
    assert original is not None and original["content"] == "brief #0 in news (done)"
    assert original["flags"] & (1 << 7) == 0
    assert [m["content"] for m in fake.followups(sent)] == ["brief #1 in news"]


async def test_member_permissions_reach_the_bot(
    fake: FakeDiscord, bot: commands.AutoShardedBot
) -> None:
    options = [
        {"name": "text", "type": 3, "value": "x"},
        {"name": "where", "type": 7, "value": fake.channel_id},
    ]
    denied = await fake.send_command("later", options, user_id=fake.member_id, permissions="0")
    cb = callback(await fake.responses_for(denied))
    assert cb.json["type"] == 4
    assert cb.json["data"]["content"] == "You need Manage Server."
    assert cb.json["data"]["flags"] == 64
    ephemeral = fake.original_response(denied)
    assert ephemeral is not None
    assert ephemeral["id"] not in {m["id"] for m in fake.channel_messages(fake.channel_id)}

    allowed = await fake.send_command("later", options, permissions=MANAGE_GUILD)
    assert callback(await fake.responses_for(allowed, count=2)).json["type"] == 5


async def test_channel_send_and_history(fake: FakeDiscord, bot: commands.AutoShardedBot) -> None:
    channel = bot.get_channel(int(fake.second_channel_id))
    assert isinstance(channel, discord.TextChannel)
    first = await channel.send("morning briefing")
    second = await channel.send(
        "with a file", file=discord.File(io.BytesIO(b"a,b\n1,2\n"), filename="events.csv")
    )
    assert second.id > first.id
    assert second.attachments[0].filename == "events.csv"

    upload = await fake.wait_for(lambda r: bool(r.files), method="POST")
    assert upload.headers["Content-Type"].startswith("multipart/form-data")
    assert upload.json["content"] == "with a file"
    assert upload.json["allowed_mentions"] == {"parse": []}
    assert upload.files[0].filename == "events.csv" and upload.files[0].data == b"a,b\n1,2\n"

    stored = fake.channel_messages(fake.second_channel_id)
    assert [m["content"] for m in stored] == ["morning briefing", "with a file"]

    history = [m async for m in channel.history(limit=10)]
    assert [m.content for m in history] == ["with a file", "morning briefing"]
    listing = await fake.wait_for(method="GET", path=f"/channels/{fake.second_channel_id}/messages")
    assert listing.query["limit"] == "10"
    assert [m["id"] for m in listing.response] == [str(second.id), str(first.id)]


async def test_resume_after_reconnect_request(
    fake: FakeDiscord, bot: commands.AutoShardedBot
) -> None:
    await fake.request_reconnect()
    resume = await fake.wait_for_gateway(lambda f: f["op"] == 6)
    assert resume["d"]["token"] == TOKEN
    await fake.wait_until_connected()
    assert len(fake.identifies) == 1
    sent = await fake.send_command("echo", [{"name": "text", "type": 3, "value": "still here"}])
    assert callback(await fake.responses_for(sent)).json["data"]["content"] == "still here"


async def test_unknown_routes_and_bad_bodies(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bot {TOKEN}"}
        async with http.get(f"{fake.api_base}/guilds/1/bans", headers=headers) as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
            assert await resp.json() == {"message": "404: Not Found", "code": 0}
        url = f"{fake.api_base}/channels/{fake.channel_id}/messages"
        async with http.post(url, json={"content": "x" * 2001}, headers=headers) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 50035
        async with http.post(url, json={"content": ""}, headers=headers) as resp:
            assert (await resp.json())["code"] == 50006
        async with http.get(f"{fake.api_base}/users/@me") as resp:
            assert resp.status == 401
    assert [(r.method, r.path) for r in fake.unexpected] == [("GET", "/guilds/1/bans")]
    assert fake.channel_messages(fake.channel_id) == []


def _shard_bot(shard: int, seen: list[int]) -> commands.AutoShardedBot:
    """A bot holding shard `shard` of 2 whose /where names its shard; shard 0 syncs."""
    bot = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.none(),
        shard_ids=[shard],
        shard_count=2,
        guild_ready_timeout=0.05,
    )

    @app_commands.command(name="where", description="Which shard answers")
    async def where(interaction: discord.Interaction) -> None:
        seen.append(interaction.guild_id)
        await interaction.response.send_message(f"shard {shard}")

    bot.tree.add_command(where)
    if shard == 0:
        bot.setup_hook = bot.tree.sync  # type: ignore[method-assign]
    return bot


async def test_interactions_reach_the_shard_of_their_guild(fake: FakeDiscord, monkeypatch) -> None:
    # Given its shard count, discord.py dials Discord's own gateway: point it at the fake.
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    monkeypatch.setattr(Route, "BASE", fake.api_base)
    other = str(int(fake.guild_id) + (1 << 22))  # the next shard of two
    fake.add_guild(other)
    seen: dict[int, list[int]] = {0: [], 1: []}
    bots = [_shard_bot(shard, seen[shard]) for shard in (0, 1)]
    runners = [asyncio.create_task(b.start(TOKEN)) for b in bots]
    try:
        for bot in bots:
            await asyncio.wait_for(bot.wait_until_ready(), timeout=10)
        await fake.wait_for(method="PUT", path=r"/applications/\d+/commands")
        by_guild = {g: (int(g) >> 22) % 2 for g in (fake.guild_id, other)}
        for guild_id, shard in by_guild.items():
            sent = await fake.send_command("where", guild_id=guild_id)
            answer = callback(await fake.responses_for(sent))
            assert answer.json["data"]["content"] == f"shard {shard}"
            assert fake.routed[sent.id] == shard
        assert sorted(s for s in by_guild.values()) == [0, 1]
        assert {s: [str(g) for g in gs] for s, gs in seen.items()} == {
            s: [g for g, gs in by_guild.items() if gs == s] for s in (0, 1)
        }
        assert [b.guilds[0].id for b in bots] == [int(other), int(fake.guild_id)]
    finally:
        for bot, runner in zip(bots, runners, strict=True):
            await bot.close()
            await asyncio.wait_for(runner, timeout=10)
