"""The JSON Lines seed (.jsonl): one article per line, each stored as ``name#N``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.errors import SeedError
from bot.ingest import reload
from bot.seeds import BadArticle, Document, parse_articles, parse_jsonl
from tests.conftest import NOW
from tests.factories import NoSpacyEngine


def _line(date: str, title: str, text: str, **extra: str) -> str:
    return json.dumps({"date": date, "title": title, "text": text, **extra})


ARTICLES = [
    _line("2025-02-10", "Kyiv", "Ukraine and Poland signed a deal in Kyiv.", url="https://e.test"),
    _line("2025-02-11", "Berlin", "France and Germany met in Berlin."),
]


def test_jsonl_articles_each_stored_and_a_bad_line_skipped_alone(store, folder, engine, stored):
    lines = [ARTICLES[0], "{not json", _line("2025-02-30", "x", "Russia moved."), ARTICLES[1]]
    lines.append(_line("2031-01-01", "future", "Russia moved."))
    lines.append(json.dumps({"date": "2025-02-12", "title": "no text"}))
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n")
    report = reload(store, folder, engine, NOW)
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {"news.jsonl#2", "news.jsonl#3", "news.jsonl#5", "news.jsonl#6"}
    assert "JSON" in reasons["news.jsonl#2"] and "not a real date" in reasons["news.jsonl#3"]
    assert "future" in reasons["news.jsonl#5"] and "text" in reasons["news.jsonl#6"]
    docs = stored()
    assert set(docs) == {"news.jsonl#1", "news.jsonl#4"}
    assert (docs["news.jsonl#1"]["published"], docs["news.jsonl#1"]["title"]) == (
        "2025-02-10",
        "Kyiv",
    )
    assert docs["news.jsonl#4"]["published"] == "2025-02-11"
    assert report.added == 2 and report.events > 0


def test_unchanged_jsonl_is_not_re_extracted(store, folder, engine):
    (folder / "news.jsonl").write_text("\n".join(ARTICLES) + "\n")
    reload(store, folder, engine, NOW)
    report = reload(store, folder, NoSpacyEngine(), NOW)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 2)


def test_changed_jsonl_replaces_its_articles_and_removed_file_removes_all(
    store, folder, engine, stored
):
    (folder / "a.txt").write_text("date 2025-02-09\n\nEgypt and Jordan met in Cairo.\n")
    news = folder / "news.jsonl"
    news.write_text("\n".join(ARTICLES) + "\n")
    reload(store, folder, engine, NOW)
    news.write_text(ARTICLES[0] + "\n" + _line("2025-02-12", "Rome", "Italy met Spain in Rome."))
    report = reload(store, folder, engine, NOW)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 2)
    assert store.entities.lookup("Berlin") is None and store.entities.lookup("Rome") is not None
    news.write_text(ARTICLES[0] + "\n")
    report = reload(store, folder, engine, NOW)
    assert (report.removed, set(stored())) == (1, {"a.txt", "news.jsonl#1"})
    news.unlink()
    report = reload(store, folder, engine, NOW)
    assert (report.removed, set(stored())) == (1, {"a.txt"})
    assert store.entities.lookup("Kyiv") is None and store.entities.lookup("Cairo") is not None


def test_future_and_dated_iso_timestamps_in_jsonl():
    (article,) = parse_articles(
        _line("2025-02-17T23:30:00-05:00", "t", "Russia moved.").encode(), "a.jsonl", "x"
    )[0]
    assert article.published == dt.date(2025, 2, 17)


def test_lines_are_numbered_in_the_file_blank_lines_included():
    text = "\ufeff" + ARTICLES[0] + "\n\n" + ARTICLES[1] + "\n"
    articles = parse_jsonl(text, "news.jsonl")
    assert [a.file for a in articles] == ["news.jsonl#1", "news.jsonl#3"]
    assert all(isinstance(a, Document) for a in articles)
    assert articles[0].url == "https://e.test" and articles[1].url is None


def test_an_article_is_hashed_by_its_content_not_its_line():
    (first,) = parse_jsonl(ARTICLES[0], "a.jsonl")
    (moved,) = parse_jsonl("\n" + ARTICLES[0], "b.jsonl")
    assert first.sha256 == moved.sha256 and first.file != moved.file


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "not a JSON object"),
        ('{"title": "x", "text": "y"}', "no 'date'"),
        ('{"date": 20250217, "text": "y"}', "must be a string"),
        ('{"date": "2025-02-17", "text": "  "}', "no 'text'"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_a_bad_line_is_a_bad_article_with_a_reason(line, reason):
    (article,) = parse_jsonl(line, "a.jsonl")
    assert isinstance(article, BadArticle) and article.file == "a.jsonl#1"
    assert reason in article.reason


def test_an_empty_file_is_refused():
    with pytest.raises(SeedError, match="empty"):
        parse_jsonl(" \n\n", "a.jsonl")
