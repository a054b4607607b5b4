"""The real slack_sdk AsyncWebClient and slack_bolt AsyncApp against the loopback FakeSlack."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes.slack_api import FakeSlack, form_encode, sign

SIGNING_SECRET = "fake-signing-secret-0123456789abcdef"
CHANNEL = "C0NEWS0001"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk reads HTTPS_PROXY/HTTP_PROXY itself (NO_PROXY is not honoured): keep loopback.
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as f:
        yield f


@pytest.fixture
def client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token=fake.bot_token, base_url=fake.api_base)


def build_app(client: AsyncWebClient, seen: list[dict]) -> AsyncApp:
    # The token comes from the client; passing token= as well only logs a warning.
    app = AsyncApp(client=client, signing_secret=SIGNING_SECRET)

    @app.command("/echo")
    async def echo(ack, command, respond) -> None:
        await ack()
        seen.append({"command": command["command"], "text": command["text"]})
        await respond(text=f"echo: {command['text']}", response_type="ephemeral")

    @app.command("/ackmsg")
    async def ack_with_message(ack) -> None:
        await ack(text="acked inline")

    @app.action("refresh")
    async def refresh(ack, body, action, respond) -> None:
        await ack()
        seen.append({"action": action["action_id"], "value": action["value"]})
        await respond(text=f"refreshed {action['value']}", replace_original=True)

    return app


def signed_post(body: str, secret: str = SIGNING_SECRET) -> dict[str, str]:
    return {**FORM, **sign(body, secret)}


# ---------------------------------------------------------------------- Web API


async def test_auth_users_post_and_history(fake: FakeSlack, client: AsyncWebClient) -> None:
    auth = await client.auth_test()
    assert auth["ok"] is True
    assert (auth["user_id"], auth["bot_id"], auth["team_id"]) == (
        fake.bot_user_id,
        fake.bot_id,
        fake.team_id,
    )
    call = fake.calls("auth.test")[0]
    assert call.headers["Authorization"] == f"Bearer {fake.bot_token}"
    assert call.token_source == "header"
    assert fake.bot_token not in call.raw_body.decode() + json.dumps(call.query)

    bad = AsyncWebClient(token="xoxb-wrong", base_url=fake.api_base)
    with pytest.raises(SlackApiError) as err:
        await bad.auth_test()
    assert err.value.response.status_code == 200
    assert err.value.response["error"] == "invalid_auth"

    admin = await client.users_info(user=fake.admin_user_id)
    member = await client.users_info(user=fake.member_user_id)
    assert admin["user"]["is_admin"] is True
    assert member["user"]["is_admin"] is False
    assert member["user"]["name"] == "bob"
    with pytest.raises(SlackApiError) as err:
        await client.users_info(user="U0NOBODY01")
    assert err.value.response["error"] == "user_not_found"

    first = await client.chat_postMessage(channel=CHANNEL, text="first briefing")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*second*"}}]
    second = await client.chat_postMessage(channel=CHANNEL, text="second", blocks=blocks)
    assert first["channel"] == CHANNEL
    assert first["message"]["text"] == "first briefing"
    assert [m["ts"] for m in fake.messages(CHANNEL)] == [first["ts"], second["ts"]]
    assert float(second["ts"]) > float(first["ts"])

    history = await client.conversations_history(channel=CHANNEL, limit=1)
    assert [m["ts"] for m in history["messages"]] == [second["ts"]]  # newest first
    assert history["messages"][0]["blocks"] == blocks
    assert history["messages"][0]["bot_id"] == fake.bot_id
    assert history["has_more"] is True
    rest = await client.conversations_history(
        channel=CHANNEL, cursor=history["response_metadata"]["next_cursor"]
    )
    assert [m["text"] for m in rest["messages"]] == ["first briefing"]

    updated = await client.chat_update(channel=CHANNEL, ts=first["ts"], text="first, edited")
    assert updated["message"]["text"] == "first, edited"
    assert fake.messages(CHANNEL)[0]["text"] == "first, edited"
    eph = await client.chat_postEphemeral(channel=CHANNEL, user=fake.member_user_id, text="psst")
    assert fake.ephemerals(CHANNEL)[0]["ts"] == eph["message_ts"]
    assert len(fake.messages(CHANNEL)) == 2

    with pytest.raises(SlackApiError) as err:
        await client.api_call("reactions.add", json={"channel": CHANNEL, "name": "tada"})
    assert err.value.response["error"] == "unknown_method"
    assert [r.method for r in fake.unexpected] == ["reactions.add"]

    # slack_sdk sends the token only in the Authorization header (never in a body or query).
    for call in fake.calls():
        assert call.token_source == "header", call
        assert "token" not in call.params, call
        assert fake.bot_token not in call.raw_body.decode(), call


async def test_block_and_text_validation(fake: FakeSlack, client: AsyncWebClient) -> None:
    def section(text: str) -> dict:
        return {"type": "section", "text": {"type": "mrkdwn", "text": text}}

    cases = [
        ({"text": "t", "blocks": [section("x")] * 51}, "invalid_blocks"),
        ({"text": "t", "blocks": [section("x" * 3001)]}, "invalid_blocks"),
        ({"text": "x" * 40_001}, "msg_too_long"),
    ]
    for kwargs, code in cases:
        with pytest.raises(SlackApiError) as err:
            await client.chat_postMessage(channel=CHANNEL, **kwargs)
        assert err.value.response["error"] == code
    with pytest.warns(UserWarning, match="text"), pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel=CHANNEL, text="")
    assert err.value.response["error"] == "no_text"

    # The limits themselves are accepted; nothing rejected was stored.
    ok = await client.chat_postMessage(
        channel=CHANNEL, text="t", blocks=[section("x" * 3000)] + [section("y")] * 49
    )
    assert fake.messages(CHANNEL)[-1]["ts"] == ok["ts"]
    assert len(fake.messages(CHANNEL)) == 1

    with pytest.raises(SlackApiError) as err:
        await client.chat_update(channel=CHANNEL, ts=ok["ts"], text="t", blocks=[section("")])
    assert err.value.response["error"] == "invalid_blocks"
    assert err.value.response["errors"]

    # response_url payloads are checked the same way (bolt's respond() returns the status).
    url = fake.response_url(channel_id=CHANNEL)
    rejected = await AsyncWebhookClient(url).send(text="t", blocks=[section("x")] * 51)
    assert rejected.status_code == 400
    assert json.loads(rejected.body)["error"] == "invalid_blocks"
    accepted = await AsyncWebhookClient(url).send(text="fine")
    assert accepted.status_code == 200
    assert fake.responses_for(url) == [{"text": "fine"}]


async def test_rate_limit_retry_and_failures(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.rate_limit("chat.postMessage", times=1, retry_after=0)
    with pytest.raises(SlackApiError) as err:  # default handlers do not retry 429
        await client.chat_postMessage(channel=CHANNEL, text="dropped")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "0"
    assert err.value.response["error"] == "ratelimited"
    assert fake.messages(CHANNEL) == []

    retrying = AsyncWebClient(
        token=fake.bot_token,
        base_url=fake.api_base,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    fake.rate_limit("chat.postMessage", times=1, retry_after=0)
    resp = await retrying.chat_postMessage(channel=CHANNEL, text="once")
    assert resp["ok"] is True
    assert [c.status for c in fake.calls("chat.postMessage")] == [429, 429, 200]
    assert [m["text"] for m in fake.messages(CHANNEL)] == ["once"]

    fake.fail("users.info", error="internal_error", times=1)
    with pytest.raises(SlackApiError) as err:
        await client.users_info(user=fake.admin_user_id)
    assert err.value.response["error"] == "internal_error"
    assert (await client.users_info(user=fake.admin_user_id))["ok"] is True


async def test_wait_for_times_out_instead_of_hanging(fake: FakeSlack) -> None:
    with pytest.raises(TimeoutError, match="waiting for"):
        await fake.wait_for(lambda: fake.messages(CHANNEL), timeout=0.05)


# ---------------------------------------------------------------------- bolt, HTTP mode


async def test_bolt_http_mode(fake: FakeSlack, client: AsyncWebClient) -> None:
    seen: list[dict] = []
    app = build_app(client, seen)
    async with TestClient(TestServer(app.web_app())) as http:
        form = fake.slash_command_form("/echo", "hello", fake.member_user_id, CHANNEL)
        body = form_encode(form)
        resp = await http.post("/slack/events", data=body, headers=signed_post(body))
        assert resp.status == 200
        payloads = await fake.wait_for_response(form["response_url"], timeout=5)
        assert payloads == [{"text": "echo: hello", "response_type": "ephemeral"}]
        assert fake.ephemerals(CHANNEL)[0]["text"] == "echo: hello"
        assert seen == [{"command": "/echo", "text": "hello"}]
        # AsyncApp's single-team authorization runs auth.test lazily, once, and caches it.
        assert len(fake.calls("auth.test")) == 1

        resp = await http.post(
            "/slack/events", data=body, headers=signed_post(body, "wrong-secret")
        )
        assert resp.status == 401
        stale = {**FORM, **sign(body, SIGNING_SECRET, timestamp=1_000_000_000)}
        resp = await http.post("/slack/events", data=body, headers=stale)
        assert resp.status == 401
        assert len(seen) == 1

        posted = await client.chat_postMessage(channel=CHANNEL, text="Top stories")
        payload = fake.block_action_payload(
            "refresh", "sports", fake.admin_user_id, CHANNEL, posted["ts"]
        )
        body = form_encode({"payload": json.dumps(payload)})
        resp = await http.post("/slack/events", data=body, headers=signed_post(body))
        assert resp.status == 200
        await fake.wait_for_response(payload["response_url"], timeout=5)
        assert seen[-1] == {"action": "refresh", "value": "sports"}
        assert fake.messages(CHANNEL)[0]["text"] == "refreshed sports"  # replace_original
        assert len(fake.calls("auth.test")) == 1
    assert fake.unexpected == []


# ---------------------------------------------------------------------- bolt, Socket Mode


async def test_bolt_socket_mode(fake: FakeSlack, client: AsyncWebClient) -> None:
    seen: list[dict] = []
    app = build_app(client, seen)
    handler = AsyncSocketModeHandler(app, fake.app_token)
    await handler.connect_async()
    try:
        await fake.wait_for_socket(timeout=5)
        opened = fake.calls("apps.connections.open")
        assert len(opened) == 1
        assert opened[0].headers["Authorization"] == f"Bearer {fake.app_token}"
        await fake.wait_for(lambda: fake.pings >= 1, timeout=5)  # SDK's first ping was answered

        form = fake.slash_command_form("/echo", "from socket", fake.admin_user_id, CHANNEL)
        envelope_id = await fake.send_envelope("slash_commands", form)
        ack = await fake.wait_for_ack(envelope_id, timeout=5)
        assert ack == {"envelope_id": envelope_id}
        payloads = await fake.wait_for_response(form["response_url"], timeout=5)
        assert payloads[0]["text"] == "echo: from socket"

        envelope_id = await fake.send_envelope(
            "slash_commands", fake.slash_command_form("/ackmsg", "", None, CHANNEL)
        )
        ack = await fake.wait_for_ack(envelope_id, timeout=5)
        assert ack["payload"] == {"text": "acked inline"}

        payload = fake.block_action_payload("refresh", "world", None, CHANNEL)
        envelope_id = await fake.send_envelope("interactive", payload)
        assert (await fake.wait_for_ack(envelope_id, timeout=5)) == {"envelope_id": envelope_id}
        await fake.wait_for_response(payload["response_url"], timeout=5)
        assert seen[-1] == {"action": "refresh", "value": "world"}
        assert fake.envelopes[envelope_id]["accepts_response_payload"] is False
    finally:
        await handler.close_async()
    await fake.wait_for(lambda: not fake.connected, timeout=5)
    assert fake.unexpected == []
