"""The lexicon of the repository's seeds folder, loaded once."""

from __future__ import annotations

import pytest

from bot.extraction.names import ALIAS_FILE, Lexicon
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.load((SEEDS / ALIAS_FILE).read_text("utf-8"))
