"""Fixtures for the fetcher's tests: the local HTTP server every test fetches from, and
a store subscribed to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bot.store import Store
from tests.feeds.factories import Fetcher


@pytest.fixture(scope="session")
def make_httpserver() -> Iterator[HTTPServer]:
    """pytest-httpserver's server, on 127.0.0.1 (the address the fetcher's limits exempt)
    and threaded: a handler that never answers holds its own thread, not the next test."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def fetcher(store: Store, httpserver: HTTPServer, tmp_path: Path) -> Fetcher:
    """A store with no feed yet, its seeds folder and the server (see `Fetcher`)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    return Fetcher(store, httpserver, seeds)
