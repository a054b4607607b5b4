"""The one reader: list a folder's seed files and read any file into its articles."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from bot.errors import SeedError
from bot.ingest import reload
from bot.seeds import (
    BadArticle,
    Document,
    holds_several_articles,
    list_seeds,
    owner_file,
    parse_articles,
    read_articles,
    read_seed,
    scan_seeds,
)
from tests.conftest import NOW

TXT = "date 2025-02-10\ntitle Kyiv\n\nUkraine and Poland signed a deal in Kyiv.\n"
MD = "---\ndate: 2025-02-11\n---\nFrance and Germany met in Berlin.\n"
JSONL = "\n".join(
    json.dumps(line)
    for line in [
        {
            "date": "2025-02-10",
            "title": "Kyiv",
            "text": "Ukraine and Poland signed a deal in Kyiv.",
        },
        {"date": "2025-02-11", "title": "Berlin", "text": "France and Germany met in Berlin."},
    ]
)
RSS = """<rss version="2.0"><channel><title>Feed</title>
<item><title>Warsaw</title><pubDate>Sun, 16 Feb 2025 09:00:00 +0000</pubDate>
<description>Ukraine and Poland met in Warsaw.</description></item></channel></rss>"""


def test_same_article_in_two_formats_is_stored_once(store, folder, engine, stored):
    (folder / "a.txt").write_text(TXT)
    (folder / "b.jsonl").write_text(JSONL + "\n")
    report = reload(store, folder, engine, NOW)
    assert report.skipped == [{"file": "b.jsonl#1", "reason": "same content as a.txt"}]
    assert set(stored()) == {"a.txt", "b.jsonl#2"}
    # An article already stored keeps its place when a copy appears in a new file.
    (folder / "0_first.md").write_text(MD)
    report = reload(store, folder, engine, NOW)
    assert {s["file"]: s["reason"] for s in report.skipped} == {
        "0_first.md": "same content as b.jsonl#2",
        "b.jsonl#1": "same content as a.txt",
    }
    assert report.added == 0 and report.unchanged == 2


@pytest.mark.parametrize(
    ("name", "content", "files"),
    [
        ("a.txt", TXT, ["a.txt"]),
        ("a.md", MD, ["a.md"]),
        ("a.jsonl", JSONL, ["a.jsonl#1", "a.jsonl#2"]),
        ("a.rss", RSS, ["a.rss#1"]),
        ("A.XML", RSS, ["A.XML#1"]),
    ],
)
def test_read_articles_reads_every_format(tmp_path, name, content, files):
    path = tmp_path / name
    path.write_text(content)
    articles, warning = read_articles(path)
    assert [a.file for a in articles] == files and warning is None
    assert all(isinstance(a, Document) and a.paragraphs for a in articles)


def test_a_single_article_file_is_hashed_by_its_bytes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(TXT.encode("utf-8"))
    (article,), _ = read_articles(path)
    (again,), _ = parse_articles(TXT.encode("utf-8"), "a.txt")
    assert article.sha256 == again.sha256 and len(article.sha256) == 64
    assert parse_articles(TXT.encode(), "a.txt", "given")[0][0].sha256 == "given"


def test_read_articles_gives_the_decoding_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("date 2025-02-16\n\nFrançois Bayrou in Paris.\n".encode("latin-1"))
    (article,), warning = read_articles(path)
    assert article.paragraphs[0].text == "François Bayrou in Paris."
    assert warning is not None and "Latin-1" in warning


def test_given_today_an_article_in_the_future_is_a_bad_article(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(JSONL)
    articles, _ = read_articles(path, today=dt.date(2025, 2, 9))
    assert isinstance(articles[0], Document)  # the 10th: a day ahead is allowed
    assert articles[1] == BadArticle("a.jsonl#2", "publication date 2025-02-11 is in the future")
    assert all(isinstance(a, Document) for a in read_articles(path)[0])


def test_read_seed_reads_one_article_and_refuses_several(tmp_path):
    (tmp_path / "a.md").write_text(MD)
    assert read_seed(tmp_path / "a.md").published == dt.date(2025, 2, 11)
    assert read_seed(tmp_path / "a.md", "other.md").file == "other.md"
    (tmp_path / "a.jsonl").write_text(JSONL)
    with pytest.raises(SeedError, match="holds 2 articles"):
        read_seed(tmp_path / "a.jsonl")
    (tmp_path / "bad.jsonl").write_text("{")
    with pytest.raises(SeedError, match="not valid JSON"):
        read_seed(tmp_path / "bad.jsonl")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(20 * 1024 * 1024)
    with pytest.raises(SeedError, match="larger than 10 MB"):
        read_articles(path)


@pytest.mark.parametrize(
    ("name", "several"),
    [("a.txt", False), ("a.md", False), ("a.jsonl", True), ("a.xml", True), ("A.RSS", True)],
)
def test_which_formats_hold_several_articles(name, several):
    assert holds_several_articles(name) is several


@pytest.mark.parametrize(
    ("file", "owner"),
    [
        ("feed.xml#3", "feed.xml"),
        ("news.jsonl#12", "news.jsonl"),
        ("a.txt", "a.txt"),
        ("odd#1.txt", "odd#1.txt"),
        ("notes.txt#2", "notes.txt#2"),  # only multi-article files number their articles
        ("feed.xml#x", "feed.xml#x"),
    ],
)
def test_owner_file(file, owner):
    assert owner_file(file) == owner


def test_scan_seeds_lists_seed_files_and_says_why_the_rest_is_not_read(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in ("b.txt", "a.md", "c.jsonl", "d.atom", "aliases.toml", "notes.pdf", ".hidden.txt"):
        (folder / name).write_text(TXT)
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text(TXT)
    outside = tmp_path / "outside.txt"
    outside.write_text(TXT)
    os.symlink(outside, folder / "link_out.txt")
    os.symlink(folder / "b.txt", folder / "link_in.txt")
    os.mkfifo(folder / "pipe.txt")
    scan = scan_seeds(folder, ignore={"aliases.toml"})
    assert [p.name for p in scan.seeds] == ["a.md", "b.txt", "c.jsonl", "d.atom"]
    reasons = dict(scan.skipped)
    assert set(reasons) == {
        ".hidden.txt",
        "link_in.txt",
        "link_out.txt",
        "notes.pdf",
        "pipe.txt",
        "sub",
    }
    assert "link to b.txt" in reasons["link_in.txt"]  # the file is read once, as b.txt
    assert "hidden" in reasons[".hidden.txt"] and "outside" in reasons["link_out.txt"]
    assert "not a seed file" in reasons["notes.pdf"] and "regular" in reasons["pipe.txt"]
    assert "top level" in reasons["sub"]
    assert "aliases.toml" in dict(scan_seeds(folder).skipped)
    assert list_seeds(folder) == scan.seeds
