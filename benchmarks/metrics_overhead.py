"""benchmarks/metrics_overhead.py: what the Prometheus metrics cost the commands.

The Discord soak of tests/fronts/discord/test_soak.py (20 users at once, the real
discord.py client against the loopback Discord server) sends `--commands` commands
(/who, /since, /help) to a bot on the 365 current-events pages, in rounds that alternate
metrics on (as shipped: each command counted and timed, bot/metrics.py) and metrics off
(the pipeline's counters replaced by ones that do nothing), in the same run. The table
gives each mode's wait for the first answer (p50, p95) over all its rounds and the ratio
on/off.

    python -m benchmarks.metrics_overhead [--commands 1000] [--rounds 4]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import types
from pathlib import Path

from benchmarks.common import corpus_store, cpu_note, percentile, quiet_logs, table


class _Nothing:
    """A counter or histogram that counts nothing."""

    def labels(self, *args: object) -> _Nothing:
        return self

    def inc(self, *args: object) -> None:
        return None

    def observe(self, *args: object) -> None:
        return None


async def _soak(commands: int, rounds: int) -> dict[str, list[float]]:
    from bot import metrics
    from bot.fronts import pipeline
    from tests.factories import PARIS_MORNING, TOKEN, Clock
    from tests.fakes.discord_api import FakeDiscord
    from tests.fronts.discord.test_soak import USERS, _round
    from tests.fronts.harness import DiscordHarness, harnessed

    off = types.SimpleNamespace(COMMANDS=_Nothing(), COMMAND_SECONDS=_Nothing())
    waits: dict[str, list[float]] = {"metrics on": [], "metrics off": []}
    with tempfile.TemporaryDirectory(prefix="bench-metrics-") as work:
        db = Path(work) / "store.db"
        shutil.copy(corpus_store(), db)
        seeds = Path(work) / "seeds"
        seeds.mkdir()
        async with FakeDiscord(token=TOKEN) as fake:
            for uid in range(USERS):
                fake.add_user(str(10_000 + uid))
            run = DiscordHarness(
                fake, db, None, Clock(PARIS_MORNING), seeds=seeds, reload_on_start=False
            )
            async with harnessed(run):
                await run.start()
                await _round(fake, 50)  # warm: caches, connections
                for n in range(rounds * 2):
                    mode = "metrics on" if n % 2 == 0 else "metrics off"
                    pipeline.metrics = metrics if mode == "metrics on" else off  # type: ignore[assignment]
                    try:
                        waits[mode] += await _round(fake, commands // rounds)
                    finally:
                        pipeline.metrics = metrics
    return waits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=1000, help="commands in each mode")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of the two modes")
    args = parser.parse_args()
    with quiet_logs():
        waits = asyncio.run(_soak(args.commands, args.rounds))
    base = percentile(waits["metrics off"], 95)
    rows = [
        [
            mode,
            len(found),
            percentile(found, 50) * 1000,
            percentile(found, 95) * 1000,
            percentile(found, 95) / base,
        ]
        for mode, found in waits.items()
    ]
    print(cpu_note())
    print(
        table(
            ["mode", "commands", "p50 ms", "p95 ms", "p95 × metrics off"],
            rows,
            title=f"20 users on Discord (loopback), {args.rounds} rounds of each mode alternating",
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
