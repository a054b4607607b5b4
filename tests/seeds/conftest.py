"""Fixtures for the seed-format tests that go through a reload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.store import Store


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty seeds folder."""
    path = tmp_path / "seeds"
    path.mkdir()
    return path


@pytest.fixture
def stored(store: Store) -> Callable[[], dict[str, dict]]:
    """The store's documents by file name, read when called."""
    return lambda: {r["file"]: r for r in store.documents.all()}
