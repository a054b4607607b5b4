"""The console front fed typed lines: a copy of the seed store and seeds folder, and the
answer to each line."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable

import pytest

from bot.fronts.console.front import PROMPT, run_console
from tests.conftest import NOW, SEEDS
from tests.factories import settings_of


class Terminal(io.StringIO):
    """Typed input: the console prompts before each line, which separates the answers."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def console(tmp_path, seed_db, engine) -> Callable[..., list[str]]:
    """`console(*lines, **settings)`: the start-up text, then the answer to each line
    ('' when it printed nothing). Each call is one session on the same store and seeds
    folder (`console.seeds`), which a test may change between sessions."""
    db, seeds = tmp_path / "briefing.db", tmp_path / "seeds"
    shutil.copy(seed_db, db)
    shutil.copytree(SEEDS, seeds)

    def run(*lines: str, **settings) -> list[str]:
        config = settings_of(briefing_db=db, briefing_seeds=seeds, **settings)
        out = io.StringIO()
        typed = Terminal("".join(f"{line}\n" for line in lines))
        assert run_console(config, lambda: NOW, typed, out, engine) == 0
        head, *answers, rest = out.getvalue().split(PROMPT)
        assert "Ready. Type /help" in head and rest == ""  # the last prompt, then nothing
        return [head, *(a.rstrip("\n") for a in answers)]

    run.seeds = seeds
    return run
