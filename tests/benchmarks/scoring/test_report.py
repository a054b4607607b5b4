"""Metrics judged against their targets, and the table the benchmark prints."""

from __future__ import annotations

from benchmarks.scoring.report import (
    Metric,
    Section,
    in_table_order,
    on_second_half,
    render_table,
)


def test_a_metric_passes_by_its_targets_comparison():
    assert Metric("dates.value_f1", "F1", 0.88).passed is True
    assert Metric("dates.value_f1", "F1", 0.87).passed is False
    assert Metric("ce_names.outlet_actors", "outlets", 0).passed is True
    assert Metric("ce_names.outlet_actors", "outlets", 1).passed is False
    assert Metric("dates.gold", "gold", 231).passed is None  # no target: information


def test_the_table_shows_value_target_baseline_and_result():
    metrics = [
        Metric("dates.gold", "dates: gold", 231),
        Metric("dates.value_f1", "dates: F1", 0.8871),
        Metric("seed.passed", "seed: passed", 21 / 22, "21/22"),
    ]
    assert render_table(metrics, {"dates.value_f1": 0.8}).splitlines() == [
        "metric        value    target  baseline  result",
        "------------  -----  --------  --------  ------",
        "dates: gold     231                        info",
        "dates: F1     0.887  >= 0.880     0.800    pass",
        "seed: passed  21/22       all              FAIL",
    ]


def test_metrics_are_grouped_by_part_in_table_order():
    keys = ["seed.passed", "whois.titles", "dates.gold", "who.gold", "ce_names.gold", "names.gold"]
    ordered = in_table_order([Metric(k, k, 0) for k in [*keys, "dates.value_f1"]])
    assert [m.key for m in ordered] == [
        "dates.gold",
        "dates.value_f1",  # a part's own order kept
        "names.gold",
        "ce_names.gold",
        "who.gold",
        "whois.titles",
        "seed.passed",
    ]


def test_a_section_shows_its_count_and_cuts_long_lists():
    assert Section("misses", ["a", "b", "c"], limit=2).render().splitlines() == [
        "",
        "== misses (3)",
        "  a",
        "  b",
        "  … 1 more",
    ]


def test_a_metric_on_the_second_half_keeps_its_target_and_says_so():
    (late,) = on_second_half([Metric("whois.mean_share", "/who: share", 0.85)])
    assert late.key == "whois.mean_share_h2"
    assert late.label == "/who: share (July–December)"
    assert late.target == (0.90, ">=")
    assert late.passed is False


def test_the_name_parts_have_their_targets_and_order():
    assert Metric("lookup.found", "lookup", 0.95).passed is True
    assert Metric("fragmentation.mean_entities", "f", 1.06).passed is False
    assert Metric("apart.together", "a", 1).passed is False
    ordered = in_table_order(
        [
            Metric("seed.passed", "s", 1.0),
            Metric("apart.together", "a", 0),
            Metric("lookup.found", "l", 1.0),
        ]
    )
    assert [m.key for m in ordered] == ["lookup.found", "apart.together", "seed.passed"]
