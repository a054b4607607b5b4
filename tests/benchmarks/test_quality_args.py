"""benchmarks/quality.py's command line: every part can be picked, an unknown one is refused."""

from __future__ import annotations

import pytest

from benchmarks.quality import CURRENT_EVENTS_PARTS, PARTS, parse_args


def test_the_name_parts_can_be_picked_alone():
    args = parse_args(["--only", "lookup,fragmentation,apart", "--verbose"])
    assert args.only == ["lookup", "fragmentation", "apart"]
    assert set(args.only) <= CURRENT_EVENTS_PARTS


def test_by_default_every_part_runs_the_old_ones_included():
    assert parse_args([]).only == list(PARTS)
    assert {"dates", "names", "who", "whois", "seed"} <= set(PARTS)


def test_an_unknown_part_is_refused_with_the_choices(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--only", "lookup,bogus"])
    assert "unknown part(s) bogus; choose from" in capsys.readouterr().err
