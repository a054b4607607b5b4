"""Hostile seeds through the real reload: the bot starts whatever the folder holds.

A lone surrogate, a NUL in a title, a link loop, a link out of the folder and a FIFO
beside a good file: the reload finishes, stores the good documents (the surrogate as
U+FFFD, on SQLite and on PostgreSQL, which cannot hold NUL) and reports the bad entries.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.extraction.engine import Engine
from bot.ingest import reload
from bot.seeds import EXAMPLES_PER_FILE
from bot.store import Store
from tests.conftest import NOW
from tests.factories import NoSpacyEngine

GOOD = "date 2025-02-17\n\nRussia and Syria signed a deal in Damascus.\n"
SURROGATE = {"date": "2025-02-16", "title": "Kyiv \ud800 talks", "source": "A\x00P"}
SURROGATE["text"] = "Ukraine and Poland met in Kyiv \udfff on Sunday."
RSS = """<rss version="2.0"><channel><title>Feed&#xD800;</title>
<item><title>Warsaw&#xDFFF;</title><pubDate>Sat, 15 Feb 2025 09:00:00 +0000</pubDate>
<description>France and Germany met in Paris&#xD800;.</description></item></channel></rss>"""


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A fresh store on each engine (PostgreSQL skipped where no server can start)."""
    where = ":memory:" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    store = Store(where)
    yield store
    store.close()


def _hostile(folder: Path) -> None:
    (folder / "good.txt").write_text(GOOD)
    (folder / "surrogate.jsonl").write_text(json.dumps(SURROGATE) + "\n")
    (folder / "charref.rss").write_text(RSS)
    (folder / "front.md").write_text(
        '---\ndate: 2025-02-14\ntitle: "Cairo\\ud800\\0"\n---\nEgypt.\n'
    )
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    os.symlink("..", folder / "parent")
    os.symlink("/etc/passwd", folder / "passwd.txt")
    os.mkfifo(folder / "pipe.txt")


def test_a_reload_stores_the_good_and_reports_the_hostile(
    any_store: Store, folder: Path, engine: Engine
):
    _hostile(folder)
    report = reload(any_store, folder, engine, NOW)
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert "loop" in reasons["loop_a.txt"] and "loop" in reasons["loop_b.txt"]
    assert "outside" in reasons["parent"] and "outside" in reasons["passwd.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert set(reasons) == {"loop_a.txt", "loop_b.txt", "parent", "passwd.txt", "pipe.txt"}
    documents = {r["file"]: r for r in any_store.documents.all()}
    assert set(documents) == {"good.txt", "surrogate.jsonl#1", "charref.rss#1", "front.md"}
    assert documents["surrogate.jsonl#1"]["title"] == "Kyiv \ufffd talks"
    assert documents["charref.rss#1"]["title"] == "Warsaw\ufffd"
    assert documents["front.md"]["title"] == "Cairo\ufffd"
    assert any_store.entities.lookup("Damascus") is not None  # the good file was extracted
    again = reload(any_store, folder, engine, NOW)  # the cleaned hashes are stable
    assert (again.added, again.updated, again.removed) == (0, 0, 0)


def test_a_million_bad_lines_give_a_short_report(store: Store, folder: Path):
    (folder / "big.jsonl").write_bytes(b"{\n" * 1_000_000)
    report = reload(store, folder, NoSpacyEngine(), NOW)
    assert len(report.skipped) == EXAMPLES_PER_FILE + 1
    assert report.skipped[-1]["file"] == "big.jsonl"
    assert f"{1_000_000 - EXAMPLES_PER_FILE:,} more bad lines" in report.skipped[-1]["reason"]
    assert len(json.dumps(report.to_json())) < 2000
