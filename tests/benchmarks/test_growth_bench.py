"""benchmarks/growth.py: its shapes, its command line, and one tiny case run end to end."""

from __future__ import annotations

import pytest

from benchmarks.growth import SHAPES, main, paragraph, parse_args


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_shape_fills_the_size_asked(shape):
    text = paragraph(shape, 1024)
    assert 1000 <= len(text.encode()) <= 1024


def test_an_unknown_shape_is_refused_with_the_choices(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--shapes", "one-name,bogus"])
    assert "unknown shape(s) bogus; choose from" in capsys.readouterr().err


def test_a_tiny_run_prints_its_table(capsys):
    assert main(["--max-kb", "1", "--shapes", "acronym"]) == 0
    out = capsys.readouterr().out
    assert "s/KB" in out and "mem x" in out
    assert any(line.startswith("acronym") for line in out.splitlines())
