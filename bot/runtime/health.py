"""The health and metrics port of `briefing run` and `briefing ingest` (HEALTH_PORT).

- `GET /healthz`: 200 while the process's event loop answers (a liveness probe: restart
  the process when it fails).
- `GET /readyz`: 200 when every readiness check passes, else 503; the body says each
  check's result (`{"ready": false, "checks": {"store": "ok", "fronts": "Discord: not
  connected", ...}}`). A readiness probe: send no traffic while it fails.
- `GET /metrics`: the process's Prometheus metrics (bot/metrics.py), the queue depths
  read from the store at the scrape.

Each check is an awaitable that returns None when all is well, else why not in a line,
and is given CHECK_SECONDS. The port is loopback unless HEALTH_HOST says otherwise.

Under systemd (`Type=notify`), the same checks say READY=1 once the start-up ones pass,
the loop pings the unit's watchdog, and STATUS= carries the readiness (bot.runtime.systemd);
with or without a port.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot import metrics
from bot.digest.schedule import RunInStore
from bot.errors import BriefingError
from bot.runtime.systemd import Notifier
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)
Check = Callable[[], Awaitable[str | None]]
# How long one check may take before it counts as failed.
CHECK_SECONDS = 3.0
# The digest scheduler's lease (bot/runtime/election.py).
DIGEST_LEASE = "digest-scheduler"
# How often systemd's STATUS= is brought up to date (and READY=1 looked for).
STATUS_SECONDS = 5.0


class HealthServer:
    """An aiohttp site on HEALTH_HOST:HEALTH_PORT answering the three paths."""

    def __init__(
        self,
        settings: Settings,
        role: str,
        checks: Mapping[str, Check],
        run: RunInStore | None = None,
        *,
        start_checks: Iterable[str] | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        self.settings = settings
        self.role = role
        self.checks = dict(checks)
        self.run = run
        # The checks that must pass before systemd hears READY=1 (all unless told).
        self.start_checks = set(self.checks if start_checks is None else start_checks)
        self.notifier = notifier or Notifier()
        self.started = time.time()
        self._runner: web.AppRunner | None = None
        self._systemd: list[asyncio.Task[None]] = []
        self.port: int | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def start(self, port: int | None = None) -> None:
        """Listen on HEALTH_PORT, nothing when it is 0; or on `port` (0 picks a free one).
        Under systemd, start telling it too."""
        if self.notifier.enabled and not self._systemd:
            self._systemd.append(asyncio.create_task(self._tell_systemd()))
            if self.notifier.watchdog_seconds:
                self._systemd.append(asyncio.create_task(self._watchdog()))
        if port is None:
            if not self.settings.health_port:
                return
            port = self.settings.health_port
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.health_host, port)
        try:
            await site.start()
        except OSError as exc:  # in use, or an address this host does not have
            await self._runner.cleanup()
            self._runner = None
            raise SettingsError(
                f"HEALTH_PORT {port} on HEALTH_HOST {self.settings.health_host} cannot be"
                f" used ({exc.strerror or exc}): give a free port, or 0 for none."
            ) from exc
        self.port = self._runner.addresses[0][1] if self._runner.addresses else port
        log.info("health and metrics on %s port %s", self.settings.health_host, self.port)

    async def close(self) -> None:
        if self._systemd:
            self.notifier.send("STOPPING=1")
            for task in self._systemd:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*self._systemd)
            self._systemd = []
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"status": "ok", "role": self.role, "uptime_seconds": round(time.time() - self.started)}
        )

    async def _readyz(self, request: web.Request) -> web.Response:
        results = await self.ready()
        ready = all(result == "ok" for result in results.values())
        return web.json_response(
            {"ready": ready, "role": self.role, "checks": results}, status=200 if ready else 503
        )

    async def ready(self) -> dict[str, str]:
        """Each check's result: "ok", or why not. The checks run side by side, so an
        answer takes at most CHECK_SECONDS however many fail."""

        async def result(name: str, check: Check) -> str:
            try:
                reason = await asyncio.wait_for(check(), CHECK_SECONDS)
            except TimeoutError:
                reason = f"no answer in {CHECK_SECONDS:.0f} s"
            except BriefingError as exc:
                reason = exc.message
            except Exception as exc:  # a check that breaks says so; the probe stays up
                reason = f"{type(exc).__name__}"
                log.warning("readiness check %s failed", name, exc_info=True)
            return reason or "ok"

        names = list(self.checks)
        found = await asyncio.gather(*(result(n, self.checks[n]) for n in names))
        return dict(zip(names, found, strict=True))

    async def _tell_systemd(self) -> None:
        """READY=1 once the start-up checks pass; STATUS= every STATUS_SECONDS."""
        told_ready = False
        while True:
            results = await self.ready()
            lines = []
            ready = not told_ready and all(results[n] == "ok" for n in self.start_checks)
            if ready:
                lines.append("READY=1")
            failing = [f"{name}: {why}" for name, why in results.items() if why != "ok"]
            lines.append("STATUS=" + ("ready" if not failing else "; ".join(failing)))
            told_ready |= self.notifier.send(*lines) and ready  # else said again next time
            await asyncio.sleep(STATUS_SECONDS)

    async def _watchdog(self) -> None:
        """WATCHDOG=1 while the loop runs: systemd restarts a process whose loop hangs."""
        assert self.notifier.watchdog_seconds
        while True:
            self.notifier.send("WATCHDOG=1")
            await asyncio.sleep(self.notifier.watchdog_seconds)

    async def _metrics(self, request: web.Request) -> web.Response:
        if self.run is not None:
            try:
                depths = await asyncio.wait_for(self.run(_queue_depths), CHECK_SECONDS)
            except (TimeoutError, BriefingError):
                depths = {}
            for queue, depth in depths.items():  # type: ignore[union-attr]
                metrics.QUEUE_DEPTH.labels(queue).set(depth)
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})


def _queue_depths(store: object) -> dict[str, int]:
    return {
        "reload_requests": store.requests.pending(),  # type: ignore[attr-defined]
        "extraction_jobs": store.extractions.pending(),  # type: ignore[attr-defined]
    }


def store_check(run: RunInStore) -> Check:
    """The store answers a query."""

    async def check() -> str | None:
        await run(lambda s: s.db.execute("SELECT 1").fetchone())
        return None

    return check


def digest_owner_check(run: RunInStore, wall: Callable[[], float] = time.time) -> Check:
    """Some process holds the digest scheduler's lease (the digests will go out)."""

    async def check() -> str | None:
        holder = await run(lambda s: s.leases.holder(DIGEST_LEASE, wall()))
        return None if holder else "no process holds the digest scheduler's lease"

    return check
