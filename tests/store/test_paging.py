"""The one ORDER BY / LIMIT / OFFSET: its SQL, its parameters, and what SQLite makes of it."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store.paging import NEWEST_FIRST, OLDEST_FIRST, paged


def test_paged_appends_the_order_and_the_page_parameters():
    sql, params = paged("SELECT x FROM t WHERE y = ?", ("a",), "x DESC", 10, 20)
    assert sql == "SELECT x FROM t WHERE y = ? ORDER BY x DESC LIMIT ? OFFSET ?"
    assert params == ("a", 10, 20)


def test_no_limit_is_sqlites_minus_one_and_offset_defaults_to_zero():
    assert paged("SELECT 1", (), "1")[1] == (-1, 0)
    assert paged("SELECT 1", [], "1", None, 3)[1] == (-1, 3)


@pytest.fixture
def numbers():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (n INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?)", [(n,) for n in (3, 1, 4, 5, 9, 2, 6)])
    yield conn
    conn.close()


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [
        (None, 0, [9, 6, 5, 4, 3, 2, 1]),
        (None, 5, [2, 1]),
        (2, 0, [9, 6]),
        (2, 3, [4, 3]),
        (0, 0, []),
        (3, 7, []),
    ],
)
def test_pages_cut_the_ordered_rows(numbers, limit, offset, expected):
    sql, params = paged("SELECT n FROM t WHERE n > ?", (0,), "n DESC", limit, offset)
    assert [r[0] for r in numbers.execute(sql, params)] == expected


def test_event_orders_break_ties_by_id():
    assert NEWEST_FIRST.endswith("ev.id DESC") and OLDEST_FIRST.endswith("ev.id")
