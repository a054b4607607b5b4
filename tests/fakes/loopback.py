"""What both loopback fakes share: an aiohttp site on 127.0.0.1 and a condition tests wait on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web


class LoopbackSite:
    """An aiohttp application served on 127.0.0.1, on a port the OS picks."""

    def __init__(self, name: str, port: int = 0) -> None:
        self.name = name
        self.runner: web.AppRunner | None = None
        self.port: int | None = None
        self._bind = port  # 0: the OS picks

    @property
    def running(self) -> bool:
        return self.runner is not None

    async def start(self, app: web.Application) -> None:
        self.runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", self._bind)
        await site.start()
        self.port = int(self.runner.addresses[0][1])

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``"""
        if self.port is None:
            raise RuntimeError(f"{self.name} is not started")
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"


class Waiter:
    """Wakes waiting tests whenever the fake records something, instead of them sleeping."""

    def __init__(self, name: str, describe: Callable[[], str]) -> None:
        self.name = name
        self.describe = describe  # what was seen so far, for the timeout message
        self.cond: asyncio.Condition | None = None

    def open(self) -> None:
        """Create the condition (on start, inside the running loop)."""
        self.cond = asyncio.Condition()

    async def notify(self) -> None:
        if self.cond is None:
            return
        async with self.cond:
            self.cond.notify_all()

    async def wait(self, find: Callable[[], Any], timeout: float, what: str) -> Any:
        """Wait until ``find()`` is truthy (re-checked on every notify) and return its value."""
        if self.cond is None:
            raise RuntimeError(f"{self.name} is not started")
        try:
            async with asyncio.timeout(timeout), self.cond:
                return await self.cond.wait_for(find)
        except TimeoutError:
            raise TimeoutError(
                f"timed out after {timeout}s waiting for {what}; {self.describe()}"
            ) from None


class Forwarded:
    """A facade attribute that lives on its parts: reads the first target, writes them all.

    ``token = Forwarded("_http.token", "_gateway.token")`` keeps the parts in step when a test
    changes ``fake.token``, as it did when the facade was a single class.
    """

    def __init__(self, *targets: str) -> None:
        self.targets = [target.split(".") for target in targets]

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        part, name = self.targets[0]
        return getattr(getattr(obj, part), name)

    def __set__(self, obj: object, value: Any) -> None:
        for part, name in self.targets:
            setattr(getattr(obj, part), name, value)
