"""A PostgreSQL server of the fault tests' own, which they stop and start at will
(the run's shared server is never restarted under other tests)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.postgres_server import PostgresServer
from tests.postgres_server import missing as postgres_missing

_databases = itertools.count()


@pytest.fixture(scope="module")
def restartable() -> Iterator[PostgresServer]:
    reason = postgres_missing()
    if reason is not None:
        pytest.skip(reason)
    server = PostgresServer(durable=True)
    try:
        server.start()
        yield server
    finally:
        from bot.store.engines.pg_connection import close_pools

        close_pools()
        server.stop()


@pytest.fixture
def fault_url(restartable: PostgresServer) -> str:
    """A new empty database on the restartable server (running again if a test left it
    stopped)."""
    if not restartable.started:
        restartable.resume()
    return restartable.create_database(f"faults_{next(_databases)}")
