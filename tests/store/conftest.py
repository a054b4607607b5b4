"""The store's tests run on both engines: `store` and `location` are parametrised over
SQLite and PostgreSQL (a throwaway server, tests/postgres_server.py), except in modules
marked `sqlite_only` (query plans, the file's own checks).

A PostgreSQL store is one database migrated once for the run and emptied before each
test (its tables truncated, ids restarted), so each test starts as on a new store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.postgres_server import PostgresServer

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_engine" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("store_engine", ENGINES[:1] if only_sqlite else ENGINES)


@pytest.fixture(scope="session")
def postgres_store(postgres_server: PostgresServer) -> str:
    """The URL of the run's store database, migrated."""
    url = postgres_server.create_database("briefing_store")
    Store(url).close()
    return url


def _emptied(url: str) -> str:
    """The store database with every table emptied and its ids restarted."""
    with Store(url) as store:
        db = store.db
        tables = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename != 'briefing_migrations'"
            )
        ]
        db.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return url


@pytest.fixture
def location(store_engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Where a new store is: a SQLite file, or an empty PostgreSQL database."""
    if store_engine == "sqlite":
        return tmp_path / "store.db"
    return _emptied(request.getfixturevalue("postgres_store"))


@pytest.fixture
def store(store_engine: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A fresh store (SQLite in memory, or an empty PostgreSQL database), closed after."""
    where = ":memory:" if store_engine == "sqlite" else request.getfixturevalue("location")
    s = Store(where)
    yield s
    s.close()
