"""The Discord front end to end: the real discord.py client against a loopback fake."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.store import Store
from commands import registry
from tests.conftest import SEEDS
from tests.factories import (
    DEFERRED,
    EPHEMERAL,
    MANAGE_GUILD,
    PARIS_MORNING,
    TOKEN,
    Clock,
    extra_command,
)
from tests.factories import discord_message as _message
from tests.factories import discord_text as _text
from tests.fronts.harness import DiscordHarness, harnessed


@pytest.fixture
async def running(fake, db, engine) -> AsyncIterator[DiscordHarness]:
    async with harnessed(DiscordHarness(fake, db, engine, Clock(PARIS_MORNING))) as run:
        yield run


async def test_commands_are_registered_from_the_declarations(running, fake):
    await running.start()
    registered = {c["name"]: c for c in fake.commands(fake.guild_id)}
    assert set(registered) == set(registry())  # every declaration, nothing else
    assert {"who", "since", "digest", "reload", "help", "digest-setup"} <= set(registered)
    who = registered["who"]
    option = who["options"][0]
    assert (option["name"], option["type"], option["required"], option["autocomplete"]) == (
        "name",
        3,
        True,
        True,
    )
    assert str(registered["reload"]["default_member_permissions"]) == MANAGE_GUILD
    assert str(registered["digest-setup"]["default_member_permissions"]) == MANAGE_GUILD
    assert registered["who"].get("default_member_permissions") is None
    setup = {o["name"]: o for o in registered["digest-setup"]["options"]}
    assert setup["channel"]["type"] == 7 and setup["timezone"]["required"] is False
    assert all(c["description"] for c in registered.values())


async def test_commands_sync_only_when_declarations_change(running, fake):
    await running.start()
    await running.stop()
    await running.start()
    puts = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 1


async def test_who_tartus_answers_russia_with_the_kremlin_sentence(running, fake):
    await running.start()
    sent = await fake.send_command("who", [{"name": "name", "type": 3, "value": "Tartus"}])
    message = _message(await fake.responses_for(sent, count=2))
    text = _text(message)
    assert "Russia" in text and "The Kremlin is seeking continued access" in text
    assert "000\\_d0977bdb04b184c9.txt" in text or "000_d0977bdb04b184c9.txt" in text
    assert not message.get("flags", 0) & EPHEMERAL


async def test_since_is_paginated_and_only_the_asker_turns_pages(running, fake):
    await running.start()
    sent = await fake.send_command("since", [{"name": "date", "type": 3, "value": "2025-01-01"}])
    responses = await fake.responses_for(sent, count=2)
    first = responses[1].response  # the follow-up message as stored by the fake
    assert "page 1/" in _text(first)
    buttons = [c for row in first["components"] for c in row["components"]]
    next_button = next(b for b in buttons if b["label"] == "Next")
    stranger = await fake.click(first["id"], next_button["custom_id"], user_id=fake.owner_id)
    refusal = (await fake.responses_for(stranger))[0].json
    assert (
        refusal["data"]["flags"] & EPHEMERAL
        and "Only the person who asked" in refusal["data"]["content"]
    )
    click = await fake.click(first["id"], next_button["custom_id"], user_id=fake.member_id)
    turned = (await fake.responses_for(click))[0].json
    assert turned["type"] == 7 and "page 2/" in _text(turned["data"])


@pytest.mark.parametrize(
    ("name", "option", "value"),
    [("where", "name", "Russia"), ("search", "words", "naval base"), ("who", "name", "Tartus")],
)
async def test_slow_commands_are_deferred_then_answered(running, fake, name, option, value):
    await running.start()
    sent = await fake.send_command(name, [{"name": option, "type": 3, "value": value}])
    responses = await fake.responses_for(sent, count=2)
    assert responses[0].json["type"] == DEFERRED
    assert "page 1/" in _text(_message(responses))


async def test_help_is_answered_at_once(running, fake):
    await running.start()
    sent = await fake.send_command("help")
    (callback,) = await fake.responses_for(sent)
    assert callback.json["type"] == 4 and "/who" in _text(callback.json["data"])


async def test_a_new_command_module_is_deferred_and_written_without_touching_the_front(
    running, fake, tmp_path
):
    with extra_command(tmp_path, slow=True, writes=True) as probe:
        await running.start()
        assert "probe" in {c["name"] for c in fake.commands(fake.guild_id)}
        sent = await fake.send_command("probe")
        responses = await fake.responses_for(sent, count=2)
        await running.stop()
    assert responses[0].json["type"] == DEFERRED
    assert [t.split("_")[0] for t in probe.THREADS] == ["briefing-write"]


async def test_reload_is_refused_to_members_and_done_for_admins(running, fake):
    await running.start()
    refused = await fake.send_command("reload", user_id=fake.member_id, permissions="0")
    reply = (await fake.responses_for(refused))[0].json
    assert reply["type"] == 4 and reply["data"]["flags"] & EPHEMERAL
    assert "admins only" in reply["data"]["content"]
    admin = await fake.send_command("reload", user_id=fake.member_id, permissions=MANAGE_GUILD)
    report = _text(_message(await fake.responses_for(admin, count=2)))
    assert "1 unchanged" in report and "The store holds 1 documents" in report


async def test_bad_input_gets_a_private_message_naming_the_accepted_forms(running, fake):
    await running.start()
    sent = await fake.send_command("since", [{"name": "date", "type": 3, "value": "not-a-date"}])
    message = _message(await fake.responses_for(sent, count=2))
    assert message["flags"] & EPHEMERAL and "2025-01-01" in message["content"]


async def test_autocomplete_offers_known_names(running, fake):
    await running.start()
    sent = await fake.send_autocomplete(
        "who", [{"name": "name", "type": 3, "value": "Ta", "focused": True}]
    )
    answer = (await fake.responses_for(sent))[0].json
    assert answer["type"] == 8
    assert {"name": "Tartus", "value": "Tartus"} in answer["data"]["choices"]


async def test_digest_is_posted_once_across_restarts(running, fake, db):
    channel = fake.second_channel_id
    await running.start()  # 07:00 in Paris: the 08:00 digest is not due yet
    assert fake.channel_messages(channel) == []
    await running.stop()
    running.clock.now = PARIS_MORNING + dt.timedelta(hours=1, minutes=30)  # 08:30 in Paris
    await running.start()
    await running.stop()
    await running.start()  # a second restart the same morning posts nothing more
    posted = fake.channel_messages(channel)
    assert len(posted) == 1
    assert "Briefing daily digest · 2025-02-19" in _text(posted[0])
    assert "Russia" in _text(posted[0])
    await running.stop()
    running.clock.now += dt.timedelta(days=1)
    await running.start()
    posted = fake.channel_messages(channel)
    assert len(posted) == 2 and "Nothing new" in _text(posted[1])
    with Store(db) as store:
        rows = store.digests.ledger()
    assert [(r.channel, r.digest_date) for r in rows] == [
        (f"discord:{channel}", "2025-02-19"),
        (f"discord:{channel}", "2025-02-20"),
    ]
    assert [r.message_id for r in rows] == [posted[0]["id"], posted[1]["id"]]


async def test_digest_setup_by_an_admin_reschedules_the_digest(running, fake, db):
    bot = await running.start()
    sent = await fake.send_command(
        "digest-setup",
        [
            {"name": "channel", "type": 7, "value": fake.channel_id},
            {"name": "time", "type": 3, "value": "09:15"},
            {"name": "timezone", "type": 3, "value": "Asia/Tokyo"},
        ],
        user_id=fake.member_id,
        permissions=MANAGE_GUILD,
    )
    responses = await fake.responses_for(sent, count=2)
    assert responses[0].json["type"] == DEFERRED  # a write may wait behind a reload
    reply = _message(responses)
    assert reply["flags"] & EPHEMERAL and "09:15 (Asia/Tokyo)" in _text(reply)
    job = bot.runtime.digests.scheduler.get_job(f"digest:discord:{fake.channel_id}")
    assert job is not None and str(job.trigger.timezone) == "Asia/Tokyo"
    assert bot.runtime.digests.scheduler.get_job(f"digest:discord:{fake.second_channel_id}") is None
    with Store(db) as store:
        (config,) = store.channels.all()
    assert (config.channel, config.time, config.guild) == (
        f"discord:{fake.channel_id}",
        "09:15",
        fake.guild_id,
    )


async def test_briefing_run_connects_answers_and_stops_on_sigterm(fake, db):
    """`briefing run` itself, as a process: token from the environment, clean SIGTERM."""
    import os
    import signal
    import sys

    env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GUILD_ID": fake.guild_id,
        "BRIEFING_DB": str(db),
        "BRIEFING_SEEDS": str(SEEDS),
        "LOG_LEVEL": "DEBUG",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=db.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_for(method="PUT", path=r".*/commands", timeout=60)
        sent = await fake.send_command(
            "who", [{"name": "name", "type": 3, "value": "Tartus"}], timeout=30
        )
        message = _message(await fake.responses_for(sent, count=2, timeout=60))
        assert "The Kremlin is seeking continued access" in _text(message)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, err.decode()[-2000:]
    assert TOKEN not in out.decode() + err.decode()
    assert fake.token_leaks(TOKEN) == []


async def test_the_digest_preview_is_dated_by_the_bots_clock(running, fake):
    await running.start()
    sent = await fake.send_command("digest")
    message = _message(await fake.responses_for(sent, count=2))
    assert (
        message["embeds"][0]["title"] == "Daily briefing, Wednesday 19 February 2025"
    )  # PARIS_MORNING


async def test_a_name_that_fits_several_offers_the_others_to_the_asker_only(running, fake):
    await running.start()
    sent = await fake.send_command("who", [{"name": "name", "type": 3, "value": "al"}])
    first = (await fake.responses_for(sent, count=2))[1].response
    # The most linked answers; the other match is offered beside it.
    assert "Bashar al-Assad (person)" in _text(first) and "Also: Ahmad al-Sharaa (person" in _text(
        first
    )
    buttons = [c for row in first["components"] for c in row["components"]]
    choice = next(b for b in buttons if b["label"] == "Ahmad al-Sharaa")
    stranger = await fake.click(first["id"], choice["custom_id"], user_id=fake.owner_id)
    refusal = (await fake.responses_for(stranger))[0].json
    assert refusal["data"]["flags"] & EPHEMERAL and "Only the person who asked" in _text(
        refusal["data"]
    )
    click = await fake.click(first["id"], choice["custom_id"], user_id=fake.member_id)
    deferred, answer = await fake.responses_for(click, count=2)
    assert deferred.json["data"]["flags"] & EPHEMERAL
    assert "Ahmad al-Sharaa (person)" in _text(answer.json)
