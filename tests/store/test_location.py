"""What a store location may name: a SQLite file path; URLs are refused by engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import StoreError
from bot.store.location import server_url, store_location, store_path, store_scheme


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("postgresql://u@h/db", "postgresql"),
        (str(Path("postgresql://u@h/db")), "postgresql"),  # a Path folds the slashes
        ("postgres://h/db", "postgres"),
        ("mysql://h/db", "mysql"),
        ("file:y.db?mode=ro", "file"),
        ("sqlite:///x.db", "sqlite"),
        ("redis://h", "redis"),
        ("briefing.db", None),
        ("notes:v2.db", None),  # a colon in a file name
        ("C:/data/briefing.db", None),  # a drive letter
        ("/tmp/file:y.db", None),
    ],
)
def test_store_scheme(text, scheme):
    assert store_scheme(text) == scheme


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("postgresql://u@h/db", "needs a SQLite store file, not a PostgreSQL URL"),
        ("mysql://u@h/db", "MySQL stores are not supported"),
        ("file:y.db?mode=ro", "SQLite URIs"),
        ("redis://h", "a URL Briefing cannot open"),
    ],
)
def test_store_path_refuses_what_is_not_a_file_path(text, says):
    with pytest.raises(StoreError, match=says):
        store_path(text)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("postgresql://u@h:5433/db", "postgresql://u@h:5433/db"),
        (str(Path("postgresql://u@h/db")), "postgresql://u@h/db"),  # slashes put back
        ("postgres://h/db?sslmode=require", "postgres://h/db?sslmode=require"),
        ("briefing.db", None),
        ("mysql://h/db", None),
    ],
)
def test_server_url(text, url):
    assert server_url(text) == url


def test_store_location_is_a_url_or_a_path():
    assert store_location("postgresql://u@h/db") == "postgresql://u@h/db"
    assert store_location("data/b.db") == Path("data/b.db")
    with pytest.raises(StoreError, match="or a PostgreSQL URL"):
        store_location("redis://h")


def test_store_path_keeps_a_path():
    assert store_path(Path("data/briefing.db")) == Path("data/briefing.db")
