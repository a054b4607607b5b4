"""Slack's HTTP mode and start: what anyone on the port may send, the listening address,
an unreachable Slack API at start, and the admin rule in Slack's words on every action."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from pathlib import Path

import aiohttp
import pytest

from bot.fronts.slack.front import Backoff, SlackFront
from bot.fronts.slack.http import body_problem, timestamp_problem
from bot.runtime.runtime import Runtime
from bot.settings import Settings
from tests.conftest import SEEDS
from tests.factories import PARIS_MORNING, Clock, settings_of
from tests.fakes.slack_api import FakeSlack, form_encode, sign
from tests.fronts.harness import FORM
from tests.fronts.harness import SLACK_SECRET as SECRET
from tests.fronts.slack.test_e2e import _settings, _text


async def _until(predicate, timeout: float = 30.0) -> None:
    """Poll what no fake event announces (the front's own state, the log)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "timestamp",
    ["abc", "9" * 400, "1e9", "-5", "", "١٧٠٠٠٠٠٠٠٠", str(int(time.time()) - 3600)],
)
async def test_an_unsigned_request_with_a_bad_timestamp_is_401_without_a_traceback(
    slack, fake, caplog, timestamp
):
    await slack.start()
    caplog.set_level(logging.DEBUG)
    form = fake.slash_command_form("/who", "Tartus")
    headers = {**FORM, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=00"}
    response = await slack.http.post("/slack/events", data=form_encode(form), headers=headers)
    assert response.status == 401
    loud = [r for r in caplog.records if r.levelno >= logging.INFO and "aiohttp" not in r.name]
    assert loud == [] and all(r.exc_info is None for r in caplog.records)
    assert fake.responses_for(form["response_url"]) == []


@pytest.mark.parametrize(
    "body", [b"payload=notjson", b"payload=%5B1%5D", b"\xff\xfe=1", b"payload=%7B%7D%7D"]
)
async def test_a_signed_but_malformed_body_is_400(slack, fake, caplog, body):
    await slack.start()
    caplog.set_level(logging.DEBUG)
    headers = {**FORM, **_sign_bytes(body)}  # sign() signs text: sign the raw bytes
    response = await slack.http.post("/slack/events", data=body, headers=headers)
    assert response.status == 400
    assert all(r.exc_info is None for r in caplog.records)


def _sign_bytes(body: bytes) -> dict[str, str]:
    import hashlib
    import hmac

    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest.hexdigest()}"}


def test_the_rules_of_a_timestamp_and_a_body():
    now = 1_700_000_000.0
    assert timestamp_problem("1700000000", now) is None
    assert "five minutes" in timestamp_problem("1699990000", now)
    assert "not a Unix time" in timestamp_problem("17e8", now)
    assert body_problem(b"command=%2Fwho&text=x", "application/x-www-form-urlencoded") is None
    assert body_problem(b'{"type": "x"}', "application/json") is None
    assert body_problem(b"[1]", "application/json") == "JSON that is not an object"


async def test_http_mode_listens_on_slack_host(fake, db, engine):
    port = _free_port()
    settings = _settings(fake, db, slack_host="127.0.0.1", slack_port=port)
    runtime = Runtime(settings, Clock(PARIS_MORNING), engine)
    front = SlackFront(runtime)
    task = await front.start()
    try:
        await _until(lambda: front._web is not None and front._web.addresses)
        assert {address[0] for address in front._web.addresses} == {"127.0.0.1"}
        form = fake.slash_command_form("/who", "Tartus")
        body = form_encode(form)
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{port}/slack/events"
            async with session.post(url, data=body, headers={**FORM, **sign(body, SECRET)}) as r:
                assert r.status == 200
        (answer,) = await fake.wait_for_response(form["response_url"], timeout=30)
        assert "Russia" in _text(answer)
    finally:
        task.cancel()
        await front.close()
        await runtime.close()


async def test_an_unreachable_slack_api_at_start_is_waited_for(db, engine, caplog):
    """Slack down when the bot starts: it says what it waits for, then connects."""
    caplog.set_level(logging.WARNING, logger="bot.fronts.slack.front")
    fake = FakeSlack(port=_free_port())  # not started yet: connections are refused
    settings = _settings_before_start(fake, db)
    runtime = Runtime(settings, Clock(PARIS_MORNING), engine)
    front = SlackFront(runtime, backoff=Backoff(first=0.05, most=0.2))
    task = await front.start()
    try:
        await _until(lambda: sum("retrying in" in r.getMessage() for r in caplog.records) >= 2)
        waits = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
        assert len(waits) >= 2 and "auth.test" in waits[0]
        assert not task.done(), "an outage must not end the front"
        async with fake:
            form = fake.slash_command_form("/who", "Khmeimim")
            envelope = await fake.send_envelope("slash_commands", form, timeout=30)
            await fake.wait_for_ack(envelope, timeout=30)
            (answer,) = await fake.wait_for_response(form["response_url"], timeout=30)
            assert "Russia" in _text(answer)
            await front.close()
    finally:
        task.cancel()
        await runtime.close()


def _settings_before_start(fake: FakeSlack, db: Path) -> Settings:
    return settings_of(
        briefing_db=db,
        briefing_seeds=SEEDS,
        slack_bot_token=fake.bot_token,
        slack_app_token=fake.app_token,
        slack_api_base=f"http://127.0.0.1:{fake._site._bind}/api/",
    )


async def test_a_page_button_refuses_a_member_in_slacks_words(slack, fake):
    await slack.start()
    state = {"c": "reload", "a": {}, "o": fake.member_user_id, "p": 1}
    payload = fake.block_action_payload(
        "briefing_page_next", json.dumps(state), user_id=fake.member_user_id
    )
    response = await slack.post(form_encode({"payload": json.dumps(payload)}))
    assert response.status == 200
    (refused,) = await fake.wait_for_response(payload["response_url"])
    assert "workspace admins" in refused["text"] and "server admins" not in refused["text"]
