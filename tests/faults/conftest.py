"""A PostgreSQL server of the fault tests' own, which they stop and start at will
(the run's shared server is never restarted under other tests)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.postgres_server import PostgresServer, serving

_databases = itertools.count()


@pytest.fixture(scope="module")
def restartable() -> Iterator[PostgresServer]:
    with serving(durable=True) as server:
        yield server


@pytest.fixture
def fault_url(restartable: PostgresServer) -> str:
    """A new empty database on the restartable server (running again if a test left it
    stopped)."""
    if not restartable.started:
        restartable.resume()
    return restartable.create_database(f"faults_{next(_databases)}")
