"""Past one machine, on one machine: one PostgreSQL, one `briefing ingest` and two Discord
chat processes holding shards 0 and 1 of 2 (real `briefing run` processes, INGEST_SERVICE
on, against the loopback Discord fake). Users of guilds on both shards send commands while
an admin's /reload goes to the ingest service: every command is answered once, the
reload's report reaches the admin, and both processes then answer from the new corpus.

BRIEFING_SOAK_COMMANDS sets the number of commands (the issue's 1,000 by default, about
40 s here; docs/deploy.md has a measured run)."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from bot.store import Store
from tests.conftest import REPO, SEEDS
from tests.factories import TOKEN, discord_message
from tests.fakes.discord_api import FakeDiscord, SentInteraction

COMMANDS = int(os.environ.get("BRIEFING_SOAK_COMMANDS", "1000"))
USERS = 20
SHARDS = 2
QUERIES = [
    ("who", "name", "Russia"),
    ("who", "name", "Syria"),
    ("since", "date", "2025-01-01"),
    ("who", "name", "Atlantis"),
    ("since", "date", "yesterday"),
    ("help", None, None),
]
# A document the reload adds: an entity the seed does not have.
NEW_SEED = (
    "date 2025-02-19\n\nFinland said on Wednesday that it would send two coast guard ships"
    " to Tallinn, Yle reported.\n"
)


class Processes:
    """The test's `briefing` processes, each logging to a file of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.running: dict[str, asyncio.subprocess.Process] = {}

    async def start(self, name: str, module: str, args: list[str], env: dict) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.running[name] = await asyncio.create_subprocess_exec(
            sys.executable, "-m", module, *args,
            cwd=REPO, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)[-3000:]}" for name in self.running)

    def check_alive(self) -> None:
        for name, process in self.running.items():
            assert process.returncode is None, f"{name} exited\n{self.logs()}"

    async def stop(self) -> dict[str, int]:
        """SIGTERM each, as a service manager stops it; the exit codes."""
        codes = {}
        for name, process in self.running.items():
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            try:
                codes[name] = await asyncio.wait_for(process.wait(), timeout=30)
            except TimeoutError:
                process.kill()
                codes[name] = await process.wait()
        return codes


def _base_env(url: str, seeds: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))},
        "BRIEFING_DB": url,
        "BRIEFING_SEEDS": str(seeds),
        "LOG_LEVEL": "INFO",
    }


def _chat_env(fake: FakeDiscord, url: str, seeds: Path, shard: int) -> dict[str, str]:
    return {
        **_base_env(url, seeds),
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "FAKE_DISCORD_GATEWAY": fake.gateway_url,
        "DISCORD_SHARD_IDS": str(shard),
        "DISCORD_SHARD_COUNT": str(SHARDS),
        "INGEST_SERVICE": "true",
        "INGEST_WAIT_SECONDS": "120",
        "RELOAD_ON_START": "false",
    }


async def _wait_for(check, timeout: float, what: str, processes: Processes):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.check_alive()
        found = await asyncio.to_thread(check)
        if found:
            return found
        await asyncio.sleep(0.2)
    raise AssertionError(f"no {what} within {timeout} s\n{processes.logs()}")


def _documents(url: str) -> int:
    try:
        with Store(url, create=False) as store:
            return store.aggregates.counts()["documents"]
    except Exception:  # not created yet
        return 0


def _text(message: dict) -> str:
    """Everything a reader sees of a message: its content and its embeds' text."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


async def _answer(fake: FakeDiscord, sent: SentInteraction, count: int, timeout=120) -> str:
    return _text(discord_message(await fake.responses_for(sent, count=count, timeout=timeout)))


def _answers(name: str) -> int:
    """The requests that answer a command: slow ones defer, then follow up."""
    return 1 if name == "help" else 2


@pytest.fixture
async def fake():
    async with FakeDiscord(token=TOKEN) as server:
        yield server


async def test_two_chat_processes_and_an_ingest_service_answer_every_command(
    fake, postgres_url, tmp_path
):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    # One guild on each shard: the fake's own, and the next id on the other shard.
    guilds = [fake.guild_id, str(int(fake.guild_id) + (1 << 22))]
    fake.add_guild(guilds[1])
    shard_of = {g: (int(g) >> 22) % SHARDS for g in guilds}
    assert sorted(shard_of.values()) == [0, 1]
    users = [str(10_000 + u) for u in range(USERS)]
    for uid in users:
        fake.add_user(uid)

    processes = Processes(tmp_path)
    ingest_env = {**_base_env(postgres_url, seeds), "INGEST_POLL_SECONDS": "0.2"}
    await processes.start("ingest", "bot", ["ingest", "--watch"], ingest_env)
    try:
        await _wait_for(lambda: _documents(postgres_url), 120, "first reload", processes)
        for shard in range(SHARDS):
            chat_env = _chat_env(fake, postgres_url, seeds, shard)
            await processes.start(f"chat{shard}", "tests.fronts.discord.briefing_on_fake",
                                  ["run"], chat_env)  # fmt: skip
        await _wait_for(lambda: len(fake.identifies) >= SHARDS, 60, "both shards", processes)
        await _wait_for(lambda: fake.commands(), 60, "synced commands", processes)
        assert sorted(i["shard"][0] for i in fake.identifies) == [0, 1]

        for guild in guilds:  # the old corpus, in each process
            sent = await fake.send_command(
                "who", [{"name": "name", "type": 3, "value": "Finland"}], guild_id=guild,
                timeout=60,
            )  # fmt: skip
            assert "No entity named “Finland”" in await _answer(fake, sent, 2)

        sent_all, waits, during, report = await _soak(fake, guilds, users, seeds)
        processes.check_alive()

        assert "1 added" in report and "1 unchanged" in report, report
        for guild in guilds:  # the new corpus, in each process
            sent = await fake.send_command(
                "who", [{"name": "name", "type": 3, "value": "Finland"}], guild_id=guild
            )
            assert "Tallinn" in await _answer(fake, sent, 2)
            assert fake.routed[sent.id] == shard_of[guild]

        await asyncio.sleep(1)  # any late duplicate would have arrived
        counts = {sent.id: len(fake.requests_for(sent)) for sent, _ in sent_all}
        assert len(counts) == COMMANDS, "an interaction was lost"
        wrong = [(name, counts[s.id]) for s, name in sent_all if counts[s.id] != _answers(name)]
        assert wrong == [], "answered twice, or not at all"
        by_shard = [sum(fake.routed[s.id] == shard for s, _ in sent_all) for shard in (0, 1)]
        assert by_shard == [COMMANDS // 2, COMMANDS - COMMANDS // 2]
        assert during > 0, "no command overlapped the reload"
        assert fake.unexpected == []
    finally:
        codes = await processes.stop()
    assert codes == {"ingest": 0, "chat0": 0, "chat1": 0}, processes.logs()
    for name in processes.running:
        assert "Traceback" not in processes.log(name), processes.log(name)
    assert "request 1" in processes.log("ingest")
    ordered = sorted(waits)
    print(
        f"\ntwo hosts: {COMMANDS} commands from {USERS} users over {SHARDS} shards"
        f" ({by_shard[0]}/{by_shard[1]}), {during} sent during the reload; first answer"
        f" p50 {ordered[len(ordered) // 2]:.3f} s, p95 {ordered[int(len(ordered) * 0.95)]:.3f} s,"
        f" max {ordered[-1]:.3f} s"
    )


async def _soak(fake: FakeDiscord, guilds: list[str], users: list[str], seeds: Path):
    """COMMANDS commands from every user at once, alternating guilds; halfway through,
    the owner's /reload with a new seed file. What was sent, the seconds each waited for
    its first answer, how many were sent while the reload ran, and the reload's answer."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(COMMANDS):
        queue.put_nowait(n)
    sent_all: list[tuple[SentInteraction, str]] = []
    waits: list[float] = []
    reload: list[asyncio.Task] = []
    during = 0

    async def admin_reload() -> str:
        (seeds / "later.txt").write_text(NEW_SEED, "utf-8")
        sent = await fake.send_command("reload", user_id=fake.owner_id, guild_id=guilds[0])
        return await _answer(fake, sent, 2, timeout=180)

    async def user(uid: str) -> None:
        nonlocal during
        while not queue.empty():
            n = queue.get_nowait()
            if n == COMMANDS // 2:
                reload.append(asyncio.create_task(admin_reload()))
            name, param, value = QUERIES[n % len(QUERIES)]
            options = [{"name": param, "type": 3, "value": value}] if param else None
            during += bool(reload) and not reload[0].done()
            started = time.monotonic()
            sent = await fake.send_command(
                name, options, user_id=uid, guild_id=guilds[n % 2], timeout=30
            )
            sent_all.append((sent, name))
            await fake.responses_for(sent, count=1, timeout=60)
            waits.append(time.monotonic() - started)
            await fake.responses_for(sent, count=_answers(name), timeout=120)

    await asyncio.gather(*(user(uid) for uid in users))
    report = await asyncio.wait_for(reload[0], timeout=180)
    return sent_all, waits, during, report
