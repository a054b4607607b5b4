"""The console front: type the same slash commands chat users type, read the same replies."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from typing import TextIO

from bot.errors import BriefingError
from bot.extraction.engine import Engine
from bot.fronts.charts import save_chart
from bot.fronts.console.render import render
from bot.ingest import reload
from bot.replies import ReloadReply
from bot.runtime.settings import Settings
from bot.store import Store
from commands import Env, run_line

log = logging.getLogger(__name__)
PROMPT = "briefing> "
QUIT = {"/quit", "/exit", "quit", "exit"}


def run_console(
    settings: Settings,
    clock: Callable[[], dt.datetime],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Load the seeds, then answer commands line by line until end of input."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    engine = Engine(settings.spacy_model, settings.spacy_fallback_model)
    env = Env(
        seeds=settings.briefing_seeds,
        engine=engine,
        workers=settings.workers,
        is_admin=settings.console_admin,
        channel="console",
        page_size=10,
    )
    with Store(settings.briefing_db) as store:
        try:
            report = reload(
                store, settings.briefing_seeds, engine, clock(), workers=settings.workers
            )
            print(render(ReloadReply(report.to_json())), file=stdout)
        except BriefingError as exc:
            print(f"Seeds not loaded: {exc.message}", file=stdout)
        print("Ready. Type /help for the commands, /quit to leave.", file=stdout, flush=True)
        while True:
            if interactive:
                print(PROMPT, end="", file=stdout, flush=True)
            try:
                line = stdin.readline()
            except KeyboardInterrupt:
                break
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if line.lower() in QUIT:
                break
            print(answer(line, store, clock(), env), file=stdout, flush=True)
    return 0


def answer(line: str, store: Store, now: dt.datetime, env: Env) -> str:
    """One command's text reply; errors become their message, bugs an apology."""
    try:
        reply = run_line(line, store, now, env)
        save_chart(reply, now)  # a console shows a chart's path, not the picture
        return render(reply)
    except BriefingError as exc:
        return exc.message
    except Exception:
        log.exception("command failed: %s", line[:200])
        return "Sorry, something went wrong answering that; the details are in the log."
