"""A seeds folder full of bad files: every good document ingested, every bad one skipped
with one reason, nothing aborted half-way, nothing read from outside the folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil

from bot.ingest import reload
from tests.conftest import NOW, SEED_FILE, SEEDS

GOOD = "date 2025-02-17\n\nRussia and Syria signed a deal in Damascus.\n"


def _folder(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / SEED_FILE, folder / SEED_FILE)
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes(
        "date 2025-02-16\n\nFrançois Bayrou met Emmanuel Macron in Paris.\n".encode("latin-1")
    )
    (folder / "bom_crlf.txt").write_bytes(
        "\ufeffdate 2025-02-15\r\n\r\nUkraine and Poland met in Warsaw.\r\n".encode()
    )
    (folder / "nodate.txt").write_text("Russia moved troops.\n")
    (folder / "feb30.txt").write_text("date 2025-02-30\n\nRussia moved troops.\n")
    (folder / "future.txt").write_text("date 2031-01-01\n\nRussia moved troops.\n")
    with open(folder / "huge.txt", "wb") as f:
        f.write(b"date 2025-02-17\n\n")
        f.truncate(20 * 1024 * 1024)  # 20 MB
    (folder / "oneline.txt").write_text(
        "date 2025-02-14\n\n" + "Russia and Turkey talked in Ankara. " * 2800
    )  # one line of about 100,000 characters
    shutil.copy(SEEDS / SEED_FILE, folder / "same_article_again.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text(GOOD.replace("Damascus", "Aleppo"))
    os.symlink(outside, folder / "link_out.txt")
    os.symlink(folder / "good.txt", folder / "link_in.txt")
    os.mkfifo(folder / "pipe.txt")  # would block a reader for ever
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text(GOOD)
    (folder / ".hidden.txt").write_text(GOOD)
    (folder / "notes.md").write_text(GOOD)
    return folder


def test_reload_takes_the_good_and_skips_the_bad_with_one_reason_each(store, tmp_path, engine):
    report = reload(store, _folder(tmp_path), engine, NOW)
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert len(reasons) == len(report.skipped), "one reason per file"
    expected = {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "nodate.txt": "date YYYY-MM-DD",
        "feb30.txt": "not a real date",
        "future.txt": "in the future",
        "huge.txt": "larger than 10 MB",
        "same_article_again.txt": f"same content as {SEED_FILE}",
        "link_out.txt": "outside the seeds folder",
        "pipe.txt": "not a regular file",
        "sub": "folder",
        ".hidden.txt": "hidden",
        "notes.md": "not a seed file",
    }
    for name, reason in expected.items():
        assert reason in reasons.get(name, ""), (name, reasons.get(name))
    assert set(reasons) == set(expected) | {"link_in.txt"}  # same content as good.txt
    ingested = {r["file"] for r in store.documents.all()}
    assert ingested == {SEED_FILE, "good.txt", "latin1.txt", "bom_crlf.txt", "oneline.txt"}
    assert (
        report.warnings == [{"file": "latin1.txt", "warning": report.warnings[0]["warning"]}]
        and "Latin-1" in report.warnings[0]["warning"]
    )
    assert store.entities.lookup("François Bayrou") is not None  # Latin-1 decoded right
    assert store.entities.lookup("Aleppo") is None  # nothing read through the outside link


def test_bad_files_change_nothing_on_the_next_reload(store, tmp_path, engine):
    folder = _folder(tmp_path)
    reload(store, folder, engine, NOW)
    before = store.aggregates.counts()
    again = reload(store, folder, engine, NOW)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert store.aggregates.counts() == before


def test_a_paragraph_longer_than_spacy_reads_is_cut_and_the_others_load(store, tmp_path, engine):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    # One paragraph of 1.1 million characters: spaCy refuses a text over 1,000,000.
    (folder / "big.txt").write_text("date 2025-02-17\n\nRussia moved. " + "a" * 1_100_000)
    report = reload(store, folder, engine, NOW)
    assert report.skipped == [] and report.added == 2
    assert store.entities.lookup("Syria") is not None
    assert reload(store, folder, engine, NOW).unchanged == 2


def test_a_nul_deep_in_a_file_skips_it_as_binary(store, tmp_path, engine):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "nul.txt").write_text(
        "date 2025-02-17\n\n" + "Officials met in Athens. " * 500 + "They met in\x00 Athens.\n"
    )
    report = reload(store, folder, engine, NOW)
    assert report.skipped == [{"file": "nul.txt", "reason": "binary file, not text"}]
    assert report.added == 1
    assert all("\x00" not in e.sentence for e in store.events.since(dt.date(2025, 1, 1))[0])


def test_a_folder_of_thousands_of_bad_files_gives_a_report_of_bounded_size(store, tmp_path, engine):
    from bot.ingest import LISTED

    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    for i in range(3 * LISTED):
        (folder / f"bad_{i:04d}.txt").write_text("Russia moved troops.\n")  # no date
    report = reload(store, folder, engine, NOW).to_json()
    assert report["added"] == 1
    assert len(report["skipped"]) == LISTED + 1
    assert f"and {2 * LISTED:,} more files skipped" in report["skipped"][-1]["reason"]
    assert report["skipped"][-1]["count"] == 2 * LISTED
    assert "count" not in report["skipped"][0]


def test_the_summary_counts_every_skipped_item_not_the_lines_listed(store, tmp_path, engine):
    from bot.fronts.common import reload_summary
    from bot.replies import ReloadReply

    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "junk.jsonl").write_text("{not json\n" * 1000)
    reply = ReloadReply.from_report(reload(store, folder, engine, NOW).to_json())
    assert len(reply.skipped) < 10
    assert reply.skipped_count == 1000
    assert "1,000 skipped" in reload_summary(reply)
    assert ReloadReply.from_report(reply.to_json()) == reply
