"""The pieces both fakes share: waiting on what they record, and facade attributes."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes.discord_api import FakeDiscord
from tests.fakes.loopback import Forwarded, LoopbackSite, Waiter
from tests.fakes.slack_api import FakeSlack


class _Part:
    def __init__(self) -> None:
        self.value = 1


class _Facade:
    value = Forwarded("a.value", "b.value")

    def __init__(self) -> None:
        self.a, self.b = _Part(), _Part()


def test_forwarded_reads_the_first_part_and_writes_every_part() -> None:
    facade = _Facade()
    facade.a.value = 5
    assert facade.value == 5
    facade.value = 7
    assert (facade.a.value, facade.b.value) == (7, 7)


def test_fake_discord_token_change_reaches_http_and_gateway() -> None:
    fake = FakeDiscord(token="old")
    fake.token = "new"
    assert (fake.token, fake._http.token, fake._gateway.token) == ("new", "new", "new")


def test_fake_slack_identity_lives_on_its_workspace() -> None:
    fake = FakeSlack(bot_token="xoxb-1")
    fake.bot_token = "xoxb-2"
    assert fake.workspace.bot_token == "xoxb-2"


def test_site_url_before_start_names_the_fake() -> None:
    with pytest.raises(RuntimeError, match="FakeSlack is not started"):
        _ = LoopbackSite("FakeSlack").base_url


async def test_waiter_refuses_to_wait_before_it_is_opened() -> None:
    with pytest.raises(RuntimeError, match="FakeDiscord is not started"):
        await Waiter("FakeDiscord", lambda: "").wait(lambda: True, 0.1, "anything")


async def test_waiter_returns_the_value_once_notified() -> None:
    waiter = Waiter("fake", lambda: "")
    waiter.open()
    seen: list[int] = []

    async def later() -> None:
        await asyncio.sleep(0)
        seen.append(3)
        await waiter.notify()

    task = asyncio.create_task(later())
    assert await waiter.wait(lambda: seen and seen[0], 1.0, "a value") == 3
    await task


async def test_waiter_timeout_says_what_it_waited_for_and_what_it_saw() -> None:
    waiter = Waiter("fake", lambda: "last: GET /x 200")
    waiter.open()
    with pytest.raises(TimeoutError, match=r"waiting for a frame; last: GET /x 200"):
        await waiter.wait(lambda: None, 0.05, "a frame")
