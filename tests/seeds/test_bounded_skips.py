"""A file of bad lines or entries: each counted, only the first few kept as examples, so
memory and the reload's report stay bounded whatever the file holds."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc

import pytest

from bot.seeds import EXAMPLES_PER_FILE, BadArticle, Document, parse_articles, parse_jsonl
from bot.seeds.rules import MAX_SEED_BYTES

GOOD = json.dumps({"date": "2025-02-10", "text": "Ukraine and Poland met in Kyiv."})
LINES = 1_000_000
MEMORY_BOUND = 50 * 1024 * 1024


def _bad(articles: list) -> list[BadArticle]:
    return [a for a in articles if isinstance(a, BadArticle)]


def test_a_million_malformed_lines_are_counted_in_bounded_memory():
    data = b"{\n" * LINES + GOOD.encode() + b"\n"
    tracemalloc.start()
    try:
        articles, _ = parse_articles(data, "big.jsonl")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bad = _bad(articles)
    assert len(bad) == EXAMPLES_PER_FILE + 1, "the first examples and one count"
    assert [b.file for b in bad[:EXAMPLES_PER_FILE]] == [f"big.jsonl#{n}" for n in range(1, 6)]
    summary = bad[-1]
    assert summary.file == "big.jsonl" and summary.count == LINES - EXAMPLES_PER_FILE
    assert f"{LINES - EXAMPLES_PER_FILE:,}" in summary.reason
    assert sum(b.count for b in bad) == LINES
    assert [a.file for a in articles if isinstance(a, Document)] == [f"big.jsonl#{LINES + 1}"]
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB"


def test_a_few_bad_lines_are_each_listed():
    text = "\n".join(["{", "[]", GOOD, '{"date": "2025-02-30", "text": "x"}'])
    bad = _bad(parse_jsonl(text, "a.jsonl"))
    assert [(b.file, b.count) for b in bad] == [
        ("a.jsonl#1", 1),
        ("a.jsonl#2", 1),
        ("a.jsonl#4", 1),
    ]


def test_articles_dated_in_the_future_are_counted_too():
    future = json.dumps({"date": "2031-01-01", "text": "Russia moved."})
    data = "\n".join([future] * 50).encode()
    articles, _ = parse_articles(data, "f.jsonl", today=dt.date(2025, 2, 18))
    bad = _bad(articles)
    assert len(bad) == EXAMPLES_PER_FILE + 1 and sum(b.count for b in bad) == 50


def test_a_feed_of_many_bad_entries_keeps_a_few_examples():
    items = "<item><title>x</title></item>" * 2000  # no date: each a bad entry
    data = f'<rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()
    bad = _bad(parse_articles(data, "feed.xml")[0])
    assert len(bad) == EXAMPLES_PER_FILE + 1 and sum(b.count for b in bad) == 2000
    assert "entries" in bad[-1].reason


@pytest.mark.parametrize(
    "line",
    [
        "[" * 200_000,  # RecursionError in the JSON decoder
        '{"date": "2025-02-10", "text": "x", "title": ' + "[" * 200_000 + "]" * 200_000 + "}",
        '{"a": ' * 100_000,
        '{"date": "2025-02-10", "text": "' + "x" * (MAX_SEED_BYTES - 100) + '"',  # unclosed
        '{"date": ' + "9" * 100_000 + ', "text": "x"}',  # over Python's int digit limit
    ],
)
def test_deep_nesting_and_huge_lines_are_a_skipped_line(line):
    articles, _ = parse_articles(f"{line}\n{GOOD}\n".encode(), "a.jsonl")
    assert [type(a) for a in articles] == [BadArticle, Document]


@pytest.mark.parametrize(
    "front",
    [
        "title: " + "[" * 50_000,  # the YAML composer recurses
        "title: " + "{a: " * 50_000,
        "a: &a [x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\ndate: 2025-02-10",  # aliases
    ],
)
def test_deep_nesting_in_front_matter_skips_the_file_or_reads_it(front):
    data = f"---\n{front}\n---\nFrance met.\n".encode()
    try:
        articles, _ = parse_articles(data, "a.md")
    except Exception as exc:  # a SeedError with its reason: the file is skipped
        assert type(exc).__name__ == "SeedError", repr(exc)
    else:
        assert all(isinstance(a, Document) for a in articles)
