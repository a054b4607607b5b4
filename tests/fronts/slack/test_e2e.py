"""The Slack front end to end: the real bolt app and slack_sdk client against a fake Slack."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bot.fronts.slack.front import SlackFront
from bot.runtime.runtime import Runtime
from bot.settings import Settings
from bot.store import Store
from tests.conftest import SEEDS
from tests.factories import PARIS_MORNING, Clock
from tests.fakes.slack_api import FakeSlack, form_encode
from tests.fronts.harness import SlackHarness


def _settings(fake: FakeSlack, db: Path, **extra) -> Settings:
    """The harness's settings, for a front a test starts itself."""
    return SlackHarness(fake, db, None, Clock(PARIS_MORNING)).settings(**extra)


def _text(payload: dict) -> str:
    return json.dumps(payload.get("blocks", [])) + payload.get("text", "")


async def test_who_tartus_answers_russia_with_the_kremlin_sentence(slack, fake):
    await slack.start()
    (answer,) = await slack.command("/who", "Tartus")
    assert answer["response_type"] == "in_channel"
    assert "Russia" in _text(answer) and "The Kremlin is seeking continued access" in _text(answer)
    assert answer["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Tartus (place)"},
    }


async def test_a_bad_signature_is_rejected(slack, fake):
    await slack.start()
    form = fake.slash_command_form("/who", "Tartus")
    response = await slack.post(form_encode(form), secret="not-the-secret")
    assert response.status == 401
    assert fake.responses_for(form["response_url"]) == []


async def test_since_is_paginated_and_only_the_asker_turns_pages(slack, fake):
    await slack.start()
    (answer,) = await slack.command("/since", "2025-01-01", user=fake.member_user_id)
    assert "page 1/" in _text(answer)
    pager = answer["blocks"][-1]
    (button,) = pager["elements"]
    assert button["action_id"] == "briefing_page_next"
    for user, expected in (
        (fake.admin_user_id, "Only the person who asked"),
        (fake.member_user_id, "page 2/"),
    ):
        payload = fake.block_action_payload(
            button["action_id"], button["value"], user_id=user, block_id="briefing_pager"
        )
        response = await slack.post(form_encode({"payload": json.dumps(payload)}))
        assert response.status == 200
        (turned,) = await fake.wait_for_response(payload["response_url"])
        assert expected in _text(turned)
        if user == fake.member_user_id:
            assert turned["replace_original"] is True
        else:
            assert turned["response_type"] == "ephemeral"


async def test_admin_commands_refuse_members_and_serve_admins(slack, fake, db):
    await slack.start()
    (refused,) = await slack.command("/reload", user=fake.member_user_id)
    assert refused["response_type"] == "ephemeral" and "admins only" in refused["text"]
    (done,) = await slack.command("/reload", user=fake.admin_user_id)
    assert "1 unchanged" in done["text"]


async def test_admin_ids_setting_grants_admin(slack, fake):
    await slack.start(slack_admin_user_ids=f" {fake.member_user_id} ,U0OTHER")
    (done,) = await slack.command("/reload", user=fake.member_user_id)
    assert "1 unchanged" in done["text"]


async def test_bad_input_gets_a_private_message(slack, fake):
    await slack.start()
    (answer,) = await slack.command("/since", "not-a-date")
    assert answer["response_type"] == "ephemeral" and "2025-01-01" in answer["text"]


async def test_digest_goes_out_once_across_a_restart_and_a_rate_limit(slack, fake, db):
    channel = "C0FAKE0001"
    await slack.start()
    assert await slack.runtime.election.tick()  # the only process: it owns the digests
    (setup,) = await slack.command(
        "/digest-setup", f"<#{channel}|general> 08:00 Europe/Paris", user=fake.admin_user_id
    )
    assert "08:00 (Europe/Paris)" in setup["text"]
    assert slack.runtime.digests.scheduler.get_job(f"digest:slack:{channel}") is not None
    assert await slack.runtime.digests.run_due() == {f"slack:{channel}": "not due"}
    await slack.stop()
    slack.clock.now += dt.timedelta(hours=1, minutes=30)  # 08:30 in Paris
    for _ in range(2):  # a restart the same morning posts nothing more
        await slack.start()
        await slack.runtime.digests.run_due()
        await slack.stop()

    def digests() -> list[dict]:
        return [m for m in fake.messages(channel) if "Briefing daily digest" in m["text"]]

    assert len(digests()) == 1
    assert "Briefing daily digest · 2025-02-19" in _text(digests()[0])
    charts = [m for m in fake.messages(channel) if m.get("files")]
    assert [m["files"][0]["name"] for m in charts] == ["digest.png"]  # 19 events that day
    slack.clock.now += dt.timedelta(days=1)
    fake.rate_limit("chat.postMessage", times=1, retry_after=0)
    await slack.start()
    assert await slack.runtime.digests.run_due() == {f"slack:{channel}": "posted"}
    posted = digests()
    assert len(posted) == 2 and "Nothing new" in _text(posted[1])
    assert len(fake.calls("chat.postMessage")) == 3  # one 429, retried once
    with Store(db) as store:
        assert [(r.digest_date, r.message_id) for r in store.digests.ledger()] == [
            ("2025-02-19", posted[0]["ts"]),
            ("2025-02-20", posted[1]["ts"]),
        ]


async def test_socket_mode_answers_a_slash_command(fake, db, engine):
    settings = _settings(fake, db, slack_app_token=fake.app_token)
    runtime = Runtime(settings, Clock(PARIS_MORNING), engine)
    front = SlackFront(runtime)
    await front.start()
    try:
        form = fake.slash_command_form("/who", "Khmeimim")
        envelope = await fake.send_envelope("slash_commands", form)
        await fake.wait_for_ack(envelope)
        (answer,) = await fake.wait_for_response(form["response_url"])
        assert "Russia" in _text(answer)
    finally:
        await front.close()
        await runtime.close()


async def test_briefing_run_serves_slack_and_stops_on_sigterm(fake, db):
    """`briefing run` as a process, in Socket Mode, tokens from the environment."""
    import asyncio
    import os
    import signal
    import sys

    env = {
        **{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_APP_TOKEN": fake.app_token,
        "SLACK_API_BASE": fake.api_base,
        "BRIEFING_DB": str(db),
        "BRIEFING_SEEDS": str(SEEDS),
        "LOG_LEVEL": "DEBUG",
    }
    env.pop("DISCORD_TOKEN", None)
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
        form = fake.slash_command_form("/who", "Tartus")
        envelope = await fake.send_envelope("slash_commands", form, timeout=60)
        await fake.wait_for_ack(envelope, timeout=30)
        (answer,) = await fake.wait_for_response(form["response_url"], timeout=30)
        assert "The Kremlin is seeking continued access" in _text(answer)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, err.decode()[-2000:]
    logs = out.decode() + err.decode()
    assert fake.bot_token not in logs and fake.app_token not in logs


async def test_timeline_chart_is_uploaded_after_the_reply(slack, fake):
    from bot.fronts.charts import png_size

    await slack.start()
    (answer,) = await slack.command("/timeline", "Russia")
    assert "chart follows as a file" in _text(answer)
    await fake.wait_for_call("files.completeUploadExternal", timeout=30)
    (uploaded,) = [f for f in fake.files.values() if f["data"] is not None]
    assert uploaded["filename"] == "timeline.png" and uploaded["channel"] == "C0FAKE0001"
    assert png_size(uploaded["data"]) == (1000, 500)
    assert fake.messages("C0FAKE0001")[-1]["files"][0]["name"] == "timeline.png"


async def test_the_digest_preview_is_dated_by_the_bots_clock(slack, fake):
    await slack.start()
    (answer,) = await slack.command("/digest")
    assert answer["blocks"][0]["text"]["text"] == "Daily briefing, Wednesday 19 February 2025"
    assert "Briefing daily digest · 2025-02-19" in answer["text"]


async def test_where_speaks_of_places(slack, fake):
    await slack.start()
    (answer,) = await slack.command("/where", "Kremlin")
    assert "*Places:* Syria" in _text(answer) and "Involved" not in _text(answer)


async def test_a_name_that_fits_several_offers_the_others_to_the_asker_only(slack, fake):
    await slack.start()
    (answer,) = await slack.command("/who", "al", user=fake.member_user_id)
    # The most linked answers; the other match is offered beside it.
    assert "Bashar al-Assad (person)" in _text(answer) and "Also: Ahmad al-Sharaa (person" in _text(
        answer
    )
    (block,) = [b for b in answer["blocks"] if b.get("block_id") == "briefing_choices"]
    choice = next(b for b in block["elements"] if b["text"]["text"] == "Ahmad al-Sharaa")
    for user, expected in (
        (fake.admin_user_id, "Only the person who asked"),
        (fake.member_user_id, "Ahmad al-Sharaa (person)"),
    ):
        payload = fake.block_action_payload(
            choice["action_id"], choice["value"], user_id=user, block_id="briefing_choices"
        )
        response = await slack.post(form_encode({"payload": json.dumps(payload)}))
        assert response.status == 200
        (picked,) = await fake.wait_for_response(payload["response_url"])
        assert expected in _text(picked) and picked["response_type"] == "ephemeral"
