"""The rule tables in `bot/data`: word, label and name lists that the components and the
name linking read, so a rule is changed by editing a file, not the code."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

DATA: Traversable = resources.files("bot").joinpath("data")


def data_text(name: str) -> str:
    """The text of a packaged data file."""
    return DATA.joinpath(name).read_text("utf-8")


@cache
def table(name: str) -> dict[str, Any]:
    """A JSON table from `bot/data`, without its `_comment` keys."""
    raw = json.loads(data_text(name))
    return {key: value for key, value in raw.items() if not key.startswith("_")}


@cache
def word_lists(name: str) -> dict[str, frozenset[str]]:
    """The lists of a JSON table, as sets for membership tests."""
    return {key: frozenset(value) for key, value in table(name).items() if isinstance(value, list)}


def data_files(folder: Traversable = DATA) -> list[Traversable]:
    """Every data file, in name order: all of them shape extraction (see `fingerprint`)."""
    return sorted((f for f in folder.iterdir() if f.is_file()), key=lambda f: f.name)
