"""A reload's work grows linearly with the folder: a no-op reload of many multi-article
files compares each file with its own stored articles, not with every stored document."""

from __future__ import annotations

import json

import pytest

from bot.ingest import reload
from bot.store import Store
from tests.conftest import NOW
from tests.factories import GROWTH_FACTOR, LINEAR_BOUND, TaggedEngine, growth_ratio


def _jsonl(day: int, i: int) -> str:
    return "".join(
        json.dumps({"date": f"2025-02-{day:02d}", "text": f"Ardenne/person met No{i}x{n}."}) + "\n"
        for n in range(2)
    )


@pytest.mark.parametrize("suffix", [".jsonl", ".txt"])
def test_a_no_op_reload_grows_linearly_with_the_number_of_files(tmp_path, suffix):
    engine = TaggedEngine()
    small = 500
    stores: dict[int, tuple[Store, object]] = {}
    for files in (small, small * GROWTH_FACTOR):
        folder = tmp_path / f"{files}"
        folder.mkdir()
        for i in range(files):
            text = (
                _jsonl(1 + i % 28, i)
                if suffix == ".jsonl"
                else f"date 2025-02-{1 + i % 28:02d}\n\nArdenne/person met No{i}.\n"
            )
            (folder / f"{i:05d}{suffix}").write_text(text)
        store = Store()
        assert reload(store, folder, engine, NOW).added > 0
        stores[files] = (store, folder)

    def no_op(files: int) -> None:
        store, folder = stores[files]
        report = reload(store, folder, engine, NOW)
        assert report.added == report.updated == report.removed == 0

    ratio = growth_ratio(no_op, small, repeat=3)
    assert ratio < LINEAR_BOUND, f"×{ratio:.1f} for {GROWTH_FACTOR}× the files"
