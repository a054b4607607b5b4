"""The console front: type the same slash commands chat users type, read the same replies.

It runs on the same Runtime as the chat fronts (the start-up reload, the store workers,
the writer for /reload), one line at a time; a long answer comes a page at a time, and
`/more` (or a bare Enter) shows the next page of the last one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TextIO

from bot.extraction.engine import Engine
from bot.fronts.charts import save_chart
from bot.fronts.common import front_env, page_count
from bot.fronts.console.render import PAGE_SIZE, TYPE_MORE, render, render_with_chart
from bot.fronts.pipeline import Request, answer
from bot.ingest import ReloadReport
from bot.replies import AlertReply, ReloadReply, Reply
from bot.runtime.runtime import Runtime
from bot.settings import Settings
from commands import Command, parse

PROMPT = "briefing> "
# Leave the console; any words after them are ignored.
QUIT = {"/quit", "/exit", "quit", "exit"}
MORE = {"/more", "more"}
NOTHING_MORE = "Nothing more to show: ask another question."


@dataclass
class Paging:
    """The last answer that has pages left: what to run again, and where it is."""

    command: Command
    args: dict[str, str]
    page: int
    pages: int


class ConsoleAlerts:
    """The console's alerts and notices (its channel is "console"), shown after the
    answer that brought them. Printed text cannot be looked for again, so a crash between
    printing and marking shows that alert once more at the next start."""

    def __init__(self) -> None:
        self.waiting: list[str] = []

    async def post_alert(
        self, channel: str, reply: AlertReply, thread: str | None = None
    ) -> str | None:
        self.waiting.append(render(reply))
        return reply.batch  # printed with it: its name is its id

    async def find_alert(self, channel: str, batch: str, thread: str | None = None) -> str | None:
        return None

    async def edit_alert(self, channel: str, message_id: str, reply: AlertReply) -> bool:
        """Printed text cannot change: the alert is shown again, whole, as it now reads."""
        self.waiting.append(f"(alert {message_id}, updated)\n{render(reply)}")
        return True

    async def open_thread(self, channel: str, message_id: str, name: str) -> str | None:
        return None  # the console has no threads: a story's updates edit its alert

    async def post_notice(self, channel: str, text: str) -> str | None:
        """A notice to the admins (a feed failing, paused, well again), shown like alerts."""
        self.waiting.append(text)
        return None

    def take(self) -> list[str]:
        shown, self.waiting = self.waiting, []
        return shown


class Console:
    """One console session over a runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.alerts = ConsoleAlerts()
        runtime.alerts.add_poster("console", self.alerts)
        self.env = front_env(
            runtime.settings,
            runtime.engine,
            front="console",
            is_admin=runtime.settings.console.admin,
            page_size=PAGE_SIZE,
        )
        self.paging: Paging | None = None

    async def answer(self, line: str) -> str | None:
        """One line's text reply (None for a bare Enter with nothing more to show);
        through the fronts' pipeline, so errors become their message, bugs an apology."""
        if not line or line.lower() in MORE:
            paging = self.paging
            if paging is None:
                return NOTHING_MORE if line else None
            return await answer(
                self.runtime,
                lambda: self._next_page(paging),
                lambda request, reply: self._show_page(paging, request, reply),
                _text,
                what=f"command {line[:200]!r}",
            )
        return await answer(
            self.runtime,
            lambda: self._ask(line),
            self._show,
            _text,
            accepted=self._accepted,
            what=f"command {line[:200]!r}",
        )

    async def _ask(self, line: str) -> Request:
        command, args = parse(line)
        return Request(command, args, self.env)

    async def _accepted(self, request: Request) -> None:
        self.paging = None

    async def _show(self, request: Request, reply: Reply) -> str:
        # A console shows a chart's path, not the picture.
        chart = await asyncio.to_thread(save_chart, reply, self.runtime.clock())
        pages = page_count(reply, PAGE_SIZE)
        if pages > 1:
            self.paging = Paging(request.command, request.args, 0, pages)
        return "\n".join([render_with_chart(reply, chart, 0, TYPE_MORE), *self.alerts.take()])

    async def _next_page(self, paging: Paging) -> Request:
        return Request(paging.command, paging.args, replace(self.env, page=paging.page + 1))

    async def _show_page(self, paging: Paging, request: Request, reply: Reply) -> str:
        paging.page = page = request.env.page
        if page >= paging.pages - 1:
            self.paging = None
        return render(reply, page, TYPE_MORE)


async def _text(text: str) -> str:
    """An error's text is the console's reply."""
    return text


def run_console(
    settings: Settings,
    clock: Callable[[], dt.datetime],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    engine: Engine | None = None,
) -> int:
    """Load the seeds, then answer commands line by line until end of input."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    # The input is read here, between turns of the loop, so Ctrl-C at the prompt is a
    # plain KeyboardInterrupt; the runtime's work runs on the loop, one line at a time.
    with asyncio.Runner() as runner:
        runtime = Runtime(settings, clock, engine)
        console = Console(runtime)
        try:
            report = runner.run(_started(runtime))
            if report is not None:
                print(render(ReloadReply.from_report(report.to_json())), file=stdout)
            elif runtime.start_error:
                print(f"Seeds not loaded: {runtime.start_error}", file=stdout)
            for alert in console.alerts.take():
                print(alert, file=stdout)
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
                if is_quit(line):
                    break
                text = runner.run(console.answer(line))
                if text is not None:
                    print(text, file=stdout, flush=True)
        finally:
            runner.run(runtime.close())
    return 0


def is_quit(line: str) -> bool:
    """/quit, /exit (or without the slash), whatever follows them: "/quit now" leaves too."""
    words = line.split(maxsplit=1)
    return bool(words) and words[0].lower() in QUIT


async def _started(runtime: Runtime) -> ReloadReport | None:
    return await runtime.start_once()
